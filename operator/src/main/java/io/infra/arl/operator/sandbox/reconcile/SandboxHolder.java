package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxStatus;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.lease.Lease;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.sandbox.plan.SandboxObservation;
import io.infra.arl.operator.sandbox.plan.SandboxPlan;
import io.infra.arl.operator.sandbox.plan.SandboxPlanner;
import io.infra.arl.operator.ttl.plan.ReleaseReason;
import io.infra.arl.operator.ttl.plan.SandboxTimes;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * For a Sandbox that holds (or held) a pod: keeps the lease alive, repairs the pod's allocation
 * marks, and asks {@link SandboxPlanner} whether to keep, release or delete.
 */
final class SandboxHolder {

  private final ClusterCache cache;
  private final PodClaimer claimer;
  private final Duration renewInterval;
  private final Clock clock;

  SandboxHolder(ClusterCache cache, PodClaimer claimer, Duration leaseTtl, Clock clock) {
    this.cache = cache;
    this.claimer = claimer;
    this.renewInterval = leaseTtl.dividedBy(3);
    this.clock = clock;
  }

  /** How often a held lease is renewed: a third of its lifetime. */
  Duration renewInterval() {
    return renewInterval;
  }

  /**
   * What to do now.
   *
   * @param action keep, release or delete
   * @param status the status to write when kept (null: none)
   * @param reason why to release
   * @param requeueAfter when to look again
   */
  record Decision(
      SandboxPlan.Action action,
      SandboxStatus status,
      ReleaseReason reason,
      Optional<Duration> requeueAfter) {}

  Decision decide(Sandbox sandbox) throws ApiException {
    SandboxStatus status = sandbox.status();
    String namespace = sandbox.getMetadata().getNamespace();
    String name = sandbox.getMetadata().getName();
    boolean released = status.releasedAt() != null;
    Instant now = clock.instant();
    if (!released) {
      Optional<Decision> lost = holdOn(sandbox, status);
      if (lost.isPresent()) {
        return lost.get();
      }
    }
    List<Task> tasks = cache.tasksOfSandbox(namespace, name);
    SandboxTimes times = times(status, tasks);
    WarmPool pool = cache.pool(namespace, sandbox.spec().poolRef()).orElse(null);
    SandboxPlan plan =
        SandboxPlanner.plan(
            new SandboxObservation(
                sandbox.spec(),
                pool == null ? null : pool.spec(),
                times,
                released,
                now.plus(renewInterval),
                now));
    if (plan.action() != SandboxPlan.Action.KEEP) {
      return new Decision(plan.action(), null, plan.reason(), Optional.empty());
    }
    SandboxStatus next =
        released
            ? null
            : SandboxStatuses.held(
                sandbox,
                plan.phase(),
                status.podName(),
                status.podIP(),
                status.sandboxId(),
                status.allocatedAt().toInstant(),
                times.lastActivity(),
                now);
    return new Decision(SandboxPlan.Action.KEEP, next, null, plan.requeueAfter());
  }

  // Renews the lease and repairs the pod's marks; a release decision when the pod or lease is gone.
  private Optional<Decision> holdOn(Sandbox sandbox, SandboxStatus status) throws ApiException {
    String namespace = sandbox.getMetadata().getNamespace();
    Optional<V1Pod> pod =
        cache.pod(namespace, status.podName()).filter(p -> !PodReadiness.isTerminating(p));
    if (pod.isEmpty()) {
      return Optional.of(release(ReleaseReason.POD_GONE));
    }
    Optional<Lease> lease =
        claimer.keep(pod.get(), status.sandboxId(), SandboxReconciler.owner(sandbox));
    if (lease.isEmpty()) {
      return Optional.of(release(ReleaseReason.LEASE_LOST));
    }
    String name = sandbox.getMetadata().getName();
    if (!PodClaimer.isMarked(pod.get(), name)) {
      claimer.markAllocated(pod.get(), name, lease.get(), status.allocatedAt().toInstant());
    }
    return Optional.empty();
  }

  private static Decision release(ReleaseReason reason) {
    return new Decision(SandboxPlan.Action.RELEASE, null, reason, Optional.empty());
  }

  private static SandboxTimes times(SandboxStatus status, List<Task> tasks) {
    Instant allocatedAt = status.allocatedAt().toInstant();
    Instant lastActivity =
        Stream.concat(
                Stream.of(status.allocatedAt(), status.lastActivityTime()),
                tasks.stream()
                    .map(Task::status)
                    .filter(Objects::nonNull)
                    .flatMap(t -> Stream.of(t.startTime(), t.completionTime())))
            .filter(Objects::nonNull)
            .map(OffsetDateTime::toInstant)
            .max(Instant::compareTo)
            .orElse(allocatedAt);
    boolean running =
        tasks.stream()
            .map(Task::status)
            .filter(Objects::nonNull)
            .anyMatch(t -> t.state() == TaskState.RUNNING);
    Instant firstFinished =
        tasks.stream()
            .map(Task::status)
            .filter(t -> t != null && t.isFinished() && t.completionTime() != null)
            .map(TaskStatus::completionTime)
            .map(OffsetDateTime::toInstant)
            .filter(t -> !t.isBefore(allocatedAt))
            .min(Instant::compareTo)
            .orElse(null);
    Instant releasedAt = status.releasedAt() == null ? null : status.releasedAt().toInstant();
    return new SandboxTimes(allocatedAt, lastActivity, running, firstFinished, releasedAt);
  }
}
