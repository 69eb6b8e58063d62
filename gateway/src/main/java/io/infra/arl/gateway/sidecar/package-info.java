/** Connections to sidecars: channels, lease metadata and binding. */
package io.infra.arl.gateway.sidecar;
