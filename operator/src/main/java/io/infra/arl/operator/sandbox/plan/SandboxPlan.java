package io.infra.arl.operator.sandbox.plan;

import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.operator.ttl.plan.ReleaseReason;
import java.time.Duration;
import java.util.Optional;

/**
 * What to do with a Sandbox now.
 *
 * @param action keep it, release its pod, or delete the object
 * @param phase the phase to report when kept
 * @param reason why it is released (RELEASE only)
 * @param requeueAfter when to look again: the earliest of renewal, release and deletion
 */
public record SandboxPlan(
    Action action, SandboxPhase phase, ReleaseReason reason, Optional<Duration> requeueAfter) {

  /** The possible actions. */
  public enum Action {
    /** Hold the pod (renew its lease); or, once released, wait. */
    KEEP,
    /** Release the pod now. */
    RELEASE,
    /** Delete the Sandbox object now ({@code ttlSecondsAfterFinished} passed). */
    DELETE
  }
}
