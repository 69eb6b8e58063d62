package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxStatus;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.operator.condition.Conditions.Desired;
import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Builds Sandbox statuses; every one carries observedGeneration and the Ready condition. */
final class SandboxStatuses {

  private SandboxStatuses() {}

  /** Waiting for a pod: {@code reason} says why (PoolNotFound, NoReadyPod). */
  static SandboxStatus pending(Sandbox sandbox, String reason, String message, Instant now) {
    return new SandboxStatus(
        generation(sandbox),
        SandboxPhase.PENDING,
        null,
        null,
        null,
        null,
        null,
        null,
        ready(sandbox, false, reason, message, now));
  }

  /** Holding a pod. */
  static SandboxStatus held(
      Sandbox sandbox,
      SandboxPhase phase,
      String podName,
      String podIP,
      String sandboxId,
      Instant allocatedAt,
      Instant lastActivity,
      Instant now) {
    String message =
        phase == SandboxPhase.BOUND ? "a Task is running" : "pod " + podName + " is allocated";
    return new SandboxStatus(
        generation(sandbox),
        phase,
        podName,
        podIP,
        sandboxId,
        time(allocatedAt),
        time(lastActivity),
        null,
        ready(
            sandbox,
            true,
            phase == SandboxPhase.BOUND ? "TaskRunning" : "Allocated",
            message,
            now));
  }

  /** Released, for {@code reason}; pod name and times are kept for the record. */
  static SandboxStatus released(Sandbox sandbox, String reason, String message, Instant now) {
    SandboxStatus before = sandbox.status();
    return new SandboxStatus(
        generation(sandbox),
        SandboxPhase.RELEASED,
        before == null ? null : before.podName(),
        before == null ? null : before.podIP(),
        before == null ? null : before.sandboxId(),
        before == null ? null : before.allocatedAt(),
        before == null ? null : before.lastActivityTime(),
        time(now),
        ready(sandbox, false, reason, message, now));
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null
        ? null
        : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  private static List<V1Condition> ready(
      Sandbox sandbox, boolean status, String reason, String message, Instant now) {
    List<V1Condition> before = sandbox.status() == null ? null : sandbox.status().conditions();
    return Conditions.merge(
        before,
        List.of(new Desired(Conditions.READY, status, reason, message)),
        generation(sandbox),
        now);
  }

  private static long generation(Sandbox sandbox) {
    return Objects.requireNonNullElse(sandbox.getMetadata().getGeneration(), 0L);
  }
}
