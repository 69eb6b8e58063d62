package io.infra.arl.operator.task.reconcile;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.kube.crd.StepResult;
import io.infra.arl.kube.crd.StepType;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.TaskStep;
import io.infra.arl.operator.sidecar.LeaseCredentials;
import io.infra.arl.operator.sidecar.SidecarCallException;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.infra.arl.operator.task.plan.CappedOutput;
import io.infra.arl.operator.task.plan.StepPaths;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution of a Task: its steps in order against the sandbox's sidecar, with the sandbox's
 * lease on every call. FilePatch is a {@code WriteFiles}; Command is an {@code Exec} whose timeout
 * is what remains of the Task's. The first failing step (a write refused, a non-zero exit, the
 * timeout) stops the run; later steps are Skipped. Progress is published after every step.
 */
final class TaskRun implements Runnable {

  // The sidecar enforces the timeout itself and reports it; the call deadline is only a backstop.
  private static final Duration CALL_GRACE = Duration.ofSeconds(5);

  private final Task task;
  private final String podIP;
  private final LeaseCredentials lease;
  private final SidecarClient sidecars;
  private final Clock clock;
  private final Duration timeout;
  private final Consumer<TaskStatus> publish;
  private final CappedOutput stdout = new CappedOutput();
  private final CappedOutput stderr = new CappedOutput();
  private final List<StepResult> results = new ArrayList<>();
  private Integer exitCode;
  private Instant started;

  TaskRun(
      Task task,
      String podIP,
      LeaseCredentials lease,
      SidecarClient sidecars,
      Clock clock,
      Duration timeout,
      Consumer<TaskStatus> publish) {
    this.task = task;
    this.podIP = podIP;
    this.lease = lease;
    this.sidecars = sidecars;
    this.clock = clock;
    this.timeout = timeout;
    this.publish = publish;
  }

  @Override
  public void run() {
    started = clock.instant();
    Instant deadline = started.plus(timeout);
    List<TaskStep> steps = task.spec().stepsOrEmpty();
    steps.forEach(
        s -> results.add(TaskStatuses.result(s, TaskState.PENDING, null, null, null, null)));
    publish(TaskState.RUNNING, "Running", "running step 1 of " + steps.size(), null);
    for (int i = 0; i < steps.size(); i++) {
      TaskStep step = steps.get(i);
      Instant stepStart = clock.instant();
      Outcome outcome =
          Duration.between(stepStart, deadline).isPositive()
              ? execute(step, Duration.between(stepStart, deadline))
              : Outcome.failed("Timeout", "the Task's timeout of " + timeout + " passed", null);
      results.set(
          i,
          TaskStatuses.result(
              step,
              outcome.failed() ? TaskState.FAILED : TaskState.SUCCEEDED,
              outcome.exitCode(),
              outcome.message(),
              stepStart,
              clock.instant()));
      if (outcome.failed()) {
        for (int j = i + 1; j < steps.size(); j++) {
          results.set(
              j, TaskStatuses.result(steps.get(j), TaskState.SKIPPED, null, null, null, null));
        }
        publish(
            TaskState.FAILED,
            outcome.reason(),
            "step " + step.name() + ": " + outcome.message(),
            clock.instant());
        return;
      }
      if (i + 1 < steps.size()) {
        publish(
            TaskState.RUNNING, "Running", "running step " + (i + 2) + " of " + steps.size(), null);
      }
    }
    publish(TaskState.SUCCEEDED, "Succeeded", steps.size() + " steps succeeded", clock.instant());
  }

  private Outcome execute(TaskStep step, Duration remaining) {
    try {
      return step.type() == StepType.FILE_PATCH
          ? filePatch(step, remaining)
          : command(step, remaining);
    } catch (SidecarCallException e) {
      return Outcome.failed(
          e.leaseLost() ? "LeaseLost" : "SandboxUnavailable", e.getMessage(), null);
    } catch (IllegalArgumentException e) {
      return Outcome.failed("InvalidStep", e.getMessage(), null);
    }
  }

  private Outcome filePatch(TaskStep step, Duration remaining) throws SidecarCallException {
    byte[] content =
        step.content() == null ? new byte[0] : step.content().getBytes(StandardCharsets.UTF_8);
    long size =
        sidecars.writeFile(podIP, lease, StepPaths.relative(step.path()), content, remaining);
    return Outcome.succeeded("wrote " + size + " bytes to " + step.path(), null);
  }

  private Outcome command(TaskStep step, Duration remaining) throws SidecarCallException {
    ExecStart start =
        ExecStart.newBuilder()
            .addAllArgv(step.command())
            .putAllEnv(step.env() == null ? Map.of() : step.env())
            .setCwd(StepPaths.relative(step.workDir()))
            .setTimeoutMs(Math.max(1, remaining.toMillis()))
            .setTag(task.getMetadata().getName() + "/" + step.name())
            .build();
    ExecCollector collector = new ExecCollector(stdout, stderr);
    StreamObserver<ExecRequest> requests =
        SidecarGrpc.newStub(sidecars.channels().channel(podIP))
            .withInterceptors(lease.interceptor())
            .withDeadlineAfter(remaining.plus(CALL_GRACE).toMillis(), TimeUnit.MILLISECONDS)
            .exec(collector);
    requests.onNext(ExecRequest.newBuilder().setStart(start).build());
    ExecExited exited;
    try {
      exited =
          collector
              .exited()
              .get(remaining.plus(CALL_GRACE).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw callFailure(e.getCause());
    } catch (TimeoutException e) {
      requests.onError(Status.CANCELLED.withDescription("task deadline").asRuntimeException());
      return Outcome.failed("Timeout", "no exit within the Task's timeout", null);
    } catch (InterruptedException e) {
      requests.onError(Status.CANCELLED.withDescription("operator stopping").asRuntimeException());
      Thread.currentThread().interrupt();
      return Outcome.failed("Interrupted", "the operator stopped during the step", null);
    }
    requests.onCompleted();
    exitCode = exited.getExitCode();
    if (exited.getTimedOut()) {
      return Outcome.failed(
          "Timeout", "killed when the Task's timeout of " + timeout + " passed", exitCode);
    }
    if (exitCode != 0) {
      return Outcome.failed("StepFailed", "exit code " + exitCode, exitCode);
    }
    return Outcome.succeeded("exit code 0", exitCode);
  }

  private SidecarCallException callFailure(Throwable cause) {
    if (cause instanceof StatusRuntimeException e) {
      return SidecarClient.failure("exec", podIP, e);
    }
    return new SidecarCallException("exec on sidecar " + podIP + " failed: " + cause, false, cause);
  }

  private void publish(TaskState state, String reason, String message, Instant completion) {
    publish.accept(
        TaskStatuses.progress(
            task,
            state,
            reason,
            message,
            stdout,
            stderr,
            exitCode,
            results,
            started,
            completion,
            clock.instant()));
  }

  /** How one step went. */
  private record Outcome(boolean failed, String reason, String message, Integer exitCode) {
    static Outcome failed(String reason, String message, Integer exitCode) {
      return new Outcome(true, reason, message, exitCode);
    }

    static Outcome succeeded(String message, Integer exitCode) {
      return new Outcome(false, null, message, exitCode);
    }
  }
}
