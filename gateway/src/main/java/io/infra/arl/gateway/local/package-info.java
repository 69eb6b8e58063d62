/** The embedded local backend: pools of in-process sidecars, no Kubernetes needed. */
package io.infra.arl.gateway.local;
