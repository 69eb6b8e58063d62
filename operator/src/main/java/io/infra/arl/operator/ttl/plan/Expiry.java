package io.infra.arl.operator.ttl.plan;

import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.WarmPoolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The expiry rules of Sandboxes and Tasks (operator/README.md "Timeouts"):
 *
 * <ul>
 *   <li>a sandbox's pod is released at the earliest of: {@code allocatedAt + ttlSeconds}; {@code
 *       lastActivity + idleTimeoutSeconds} while no Task runs; and, without {@code keepAlive}, as
 *       soon as its first Task finished. Sandbox values override the pool's defaults.
 *   <li>a Sandbox object is deleted {@code ttlSecondsAfterFinished} after it finished: after its
 *       release, or, with {@code keepAlive}, after that long without a running Task (the
 *       reference's "auto-delete after this many seconds of idle time").
 *   <li>a Task object is deleted {@code ttlSecondsAfterFinished} after its completion.
 * </ul>
 */
public final class Expiry {

  private Expiry() {}

  /** When the sandbox's pod is released, if ever. */
  public static Optional<Deadline> release(
      SandboxSpec spec, WarmPoolSpec pool, SandboxTimes times) {
    List<Deadline> deadlines = new ArrayList<>();
    Integer ttl =
        spec.ttlSeconds() != null ? spec.ttlSeconds() : pool == null ? null : pool.ttlSeconds();
    if (ttl != null) {
      deadlines.add(new Deadline(times.allocatedAt().plusSeconds(ttl), ReleaseReason.TTL_EXPIRED));
    }
    Integer idle =
        spec.idleTimeoutSeconds() != null
            ? spec.idleTimeoutSeconds()
            : pool == null ? null : pool.idleTimeoutSeconds();
    if (idle != null && !times.taskRunning()) {
      deadlines.add(
          new Deadline(times.lastActivity().plusSeconds(idle), ReleaseReason.IDLE_TIMEOUT));
    }
    if (!spec.keepAliveOrDefault() && times.firstTaskFinishedAt() != null && !times.taskRunning()) {
      deadlines.add(new Deadline(times.firstTaskFinishedAt(), ReleaseReason.COMPLETED));
    }
    return deadlines.stream().min(Comparator.comparing(Deadline::at));
  }

  /** When the Sandbox object is deleted, if ever. */
  public static Optional<Instant> deleteSandbox(SandboxSpec spec, SandboxTimes times) {
    Integer after = spec.ttlSecondsAfterFinished();
    if (after == null) {
      return Optional.empty();
    }
    if (times.releasedAt() != null) {
      return Optional.of(times.releasedAt().plusSeconds(after));
    }
    if (spec.keepAliveOrDefault() && !times.taskRunning() && times.lastActivity() != null) {
      return Optional.of(times.lastActivity().plusSeconds(after));
    }
    return Optional.empty();
  }

  /** When a finished Task object is deleted, if ever. */
  public static Optional<Instant> deleteTask(Integer ttlSecondsAfterFinished, Instant completedAt) {
    if (ttlSecondsAfterFinished == null || completedAt == null) {
      return Optional.empty();
    }
    return Optional.of(completedAt.plusSeconds(ttlSecondsAfterFinished));
  }

  /** The time from {@code now} until {@code at}, at least one millisecond (for a requeue). */
  public static Duration until(Instant now, Instant at) {
    Duration d = Duration.between(now, at);
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }
}
