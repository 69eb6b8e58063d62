package io.infra.arl.gateway.claim;

import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.lease.Lease;

/**
 * A sandbox whose lease this gateway won, not yet bound.
 *
 * @param target the sandbox
 * @param lease the lease won
 */
public record WonSandbox(SandboxTarget target, Lease lease) {}
