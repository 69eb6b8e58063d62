/** Sandboxes held through this gateway: registry, timers, lease renewal and release. */
package io.infra.arl.gateway.sandbox;
