package io.infra.arl.operator.sandbox.plan;

import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.operator.sandbox.plan.SandboxPlan.Action;
import io.infra.arl.operator.ttl.plan.Deadline;
import io.infra.arl.operator.ttl.plan.Expiry;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, for a Sandbox that holds or held a pod, whether to keep, release or delete it, and when
 * to look again (the exact next deadline, never a polling interval).
 */
public final class SandboxPlanner {

  private SandboxPlanner() {}

  /** The plan for one observation. */
  public static SandboxPlan plan(SandboxObservation o) {
    Optional<Instant> deleteAt = Expiry.deleteSandbox(o.spec(), o.times());
    if (deleteAt.isPresent() && !o.now().isBefore(deleteAt.get())) {
      return new SandboxPlan(Action.DELETE, phase(o), null, Optional.empty());
    }
    if (o.released()) {
      return new SandboxPlan(
          Action.KEEP, SandboxPhase.RELEASED, null, deleteAt.map(at -> Expiry.until(o.now(), at)));
    }
    Optional<Deadline> release = Expiry.release(o.spec(), o.pool(), o.times());
    if (release.isPresent() && release.get().isDue(o.now())) {
      return new SandboxPlan(
          Action.RELEASE, SandboxPhase.RELEASED, release.get().reason(), Optional.empty());
    }
    Optional<Instant> wake =
        Stream.of(deleteAt, release.map(Deadline::at), Optional.of(o.renewAt()))
            .flatMap(Optional::stream)
            .min(Comparator.naturalOrder());
    return new SandboxPlan(Action.KEEP, phase(o), null, wake.map(at -> Expiry.until(o.now(), at)));
  }

  private static SandboxPhase phase(SandboxObservation o) {
    if (o.released()) {
      return SandboxPhase.RELEASED;
    }
    return o.times().taskRunning() ? SandboxPhase.BOUND : SandboxPhase.READY;
  }
}
