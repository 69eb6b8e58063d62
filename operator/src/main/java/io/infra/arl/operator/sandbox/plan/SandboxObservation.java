package io.infra.arl.operator.sandbox.plan;

import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.operator.ttl.plan.SandboxTimes;
import java.time.Instant;

/**
 * A Sandbox that holds (or held) a pod, as observed.
 *
 * @param spec its spec
 * @param pool its pool's spec (defaults for timeouts), or null when the pool is gone
 * @param times the moments its deadlines count from
 * @param released whether its pod was already released
 * @param renewAt when its lease must next be renewed (ignored once released)
 * @param now the time of the pass
 */
public record SandboxObservation(
    SandboxSpec spec,
    WarmPoolSpec pool,
    SandboxTimes times,
    boolean released,
    Instant renewAt,
    Instant now) {}
