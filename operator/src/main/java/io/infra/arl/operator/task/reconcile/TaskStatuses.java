package io.infra.arl.operator.task.reconcile;

import io.infra.arl.kube.crd.StepResult;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.TaskStep;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.operator.condition.Conditions.Desired;
import io.infra.arl.operator.task.plan.CappedOutput;
import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Builds Task statuses; every one carries observedGeneration and the Ready condition. */
final class TaskStatuses {

  private TaskStatuses() {}

  /** Not started: waiting for the Sandbox. */
  static TaskStatus pending(Task task, String reason, String message, Instant now) {
    List<StepResult> steps =
        task.spec().stepsOrEmpty().stream()
            .map(s -> result(s, TaskState.PENDING, null, null, null, null))
            .toList();
    return new TaskStatus(
        generation(task),
        TaskState.PENDING,
        null,
        null,
        null,
        null,
        null,
        steps,
        null,
        null,
        ready(task, false, reason, message, now));
  }

  /** Failed without running (more of) it. */
  static TaskStatus failed(Task task, String reason, String message, Instant now) {
    TaskStatus before = task.status();
    List<StepResult> steps =
        before == null || before.steps() == null
            ? List.of()
            : before.steps().stream().map(r -> interrupted(r, message, now)).toList();
    return new TaskStatus(
        generation(task),
        TaskState.FAILED,
        before == null ? null : before.stdout(),
        before == null ? null : before.stderr(),
        before == null ? null : before.stdoutTruncated(),
        before == null ? null : before.stderrTruncated(),
        before == null ? null : before.exitCode(),
        steps,
        before == null ? null : before.startTime(),
        time(now),
        ready(task, false, reason, message, now));
  }

  /** Running or finished, from a run's progress. */
  static TaskStatus progress(
      Task task,
      TaskState state,
      String reason,
      String message,
      CappedOutput stdout,
      CappedOutput stderr,
      Integer exitCode,
      List<StepResult> steps,
      Instant startTime,
      Instant completionTime,
      Instant now) {
    return new TaskStatus(
        generation(task),
        state,
        stdout.text(),
        stderr.text(),
        stdout.truncated(),
        stderr.truncated(),
        exitCode,
        List.copyOf(steps),
        time(startTime),
        time(completionTime),
        ready(task, state == TaskState.SUCCEEDED, reason, message, now));
  }

  private static StepResult interrupted(StepResult r, String message, Instant now) {
    return switch (r.state()) {
      case RUNNING ->
          new StepResult(
              r.name(),
              r.type(),
              TaskState.FAILED,
              r.exitCode(),
              message,
              r.startTime(),
              time(now));
      case PENDING -> new StepResult(r.name(), r.type(), TaskState.SKIPPED, null, null, null, null);
      default -> r;
    };
  }

  static StepResult result(
      TaskStep step,
      TaskState state,
      Integer exitCode,
      String message,
      Instant start,
      Instant end) {
    return new StepResult(
        step.name(), step.type(), state, exitCode, message, time(start), time(end));
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null
        ? null
        : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  private static List<V1Condition> ready(
      Task task, boolean status, String reason, String message, Instant now) {
    List<V1Condition> before = task.status() == null ? null : task.status().conditions();
    return Conditions.merge(
        before,
        List.of(new Desired(Conditions.READY, status, reason, message)),
        generation(task),
        now);
  }

  private static long generation(Task task) {
    return Objects.requireNonNullElse(task.getMetadata().getGeneration(), 0L);
  }
}
