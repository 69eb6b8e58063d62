package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.lease.Lease;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * A pod won for a Sandbox: its lease is held and its sidecar bound to it.
 *
 * @param pod the pod
 * @param lease the lease
 */
record Claim(V1Pod pod, Lease lease) {}
