/**
 * The Kubernetes backend: pools are WarmPools, sandboxes are their ready pods, seen through
 * informers; claims are recorded on pods asynchronously.
 */
package io.infra.arl.gateway.cluster;
