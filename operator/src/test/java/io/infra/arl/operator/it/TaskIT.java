package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.StepResult;
import io.infra.arl.kube.crd.StepType;
import io.infra.arl.kube.crd.TaskSpec;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.TaskStep;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Task execution against real sidecars: order, failure, timeout, output caps, TTL. */
class TaskIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private TestBed bed;

  @BeforeEach
  void setUp() throws Exception {
    bed = new TestBed(KUBE, "task");
    bed.pool("task-pool", 1, null, null, null);
    bed.sandbox("box", new SandboxSpec("task-pool", true, null, null, null));
    bed.awaitSandbox("box", s -> s.status().phase() == SandboxPhase.READY);
  }

  @AfterEach
  void tearDown() {
    bed.close();
  }

  @Test
  void stopsAtTheFirstFailingStepAndRecordsItsOutput() throws Exception {
    bed.task(
        "failing",
        new TaskSpec(
            "box",
            "30s",
            List.of(
                new TaskStep(
                    "env",
                    StepType.COMMAND,
                    null,
                    null,
                    List.of("sh", "-c", "echo $GREETING; echo oops >&2; exit 3"),
                    Map.of("GREETING", "hi"),
                    null),
                TaskStep.command("never", List.of("sh", "-c", "echo should-not-run"))),
            null));

    TaskStatus status = bed.awaitTask("failing", TaskStatus::isFinished);

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.stdout()).isEqualTo("hi\n");
    assertThat(status.stderr()).isEqualTo("oops\n");
    assertThat(status.steps())
        .extracting(StepResult::state)
        .containsExactly(TaskState.FAILED, TaskState.SKIPPED);
    assertThat(status.steps().getFirst().message()).isEqualTo("exit code 3");
    assertThat(Conditions.find(status.conditions(), "Ready").getReason()).isEqualTo("StepFailed");
  }

  @Test
  void runsStepsInOrderInTheWorkspace() throws Exception {
    bed.task(
        "ordered",
        new TaskSpec(
            "box",
            "30s",
            List.of(
                TaskStep.filePatch("write", "/workspace/dir/a.txt", "first\n"),
                new TaskStep(
                    "append",
                    StepType.COMMAND,
                    null,
                    null,
                    List.of("sh", "-c", "echo second >> a.txt && cat a.txt"),
                    null,
                    "dir")),
            null));

    TaskStatus status = bed.awaitTask("ordered", TaskStatus::isFinished);

    assertThat(status.state()).as(status.stderr()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(status.stdout()).isEqualTo("first\nsecond\n");
    assertThat(status.steps().getFirst().message())
        .isEqualTo("wrote 6 bytes to /workspace/dir/a.txt");
  }

  @Test
  void timeoutKillsTheRunningStep() throws Exception {
    bed.task(
        "slow",
        new TaskSpec(
            "box", "1s", List.of(TaskStep.command("sleep", List.of("sleep", "30"))), null));

    TaskStatus status = bed.awaitTask("slow", TaskStatus::isFinished);

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(Conditions.find(status.conditions(), "Ready").getReason()).isEqualTo("Timeout");
    Duration ran = Duration.between(status.startTime(), status.completionTime());
    assertThat(ran).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  @Test
  void outputIsCappedAt64KiB() throws Exception {
    bed.task(
        "loud",
        new TaskSpec(
            "box",
            "30s",
            List.of(
                TaskStep.command(
                    "yes", List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"))),
            null));

    TaskStatus status = bed.awaitTask("loud", TaskStatus::isFinished);

    assertThat(status.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(status.stdout()).hasSize(64 * 1024);
    assertThat(status.stdoutTruncated()).isTrue();
    assertThat(status.stderrTruncated()).isFalse();
  }

  @Test
  void waitsForItsSandboxAndIsDeletedAfterItsTtl() throws Exception {
    bed.task(
        "patient",
        new TaskSpec("later", "30s", List.of(TaskStep.command("true", List.of("true"))), 1));
    TaskStatus pending = bed.awaitTask("patient", s -> s.state() == TaskState.PENDING);
    assertThat(Conditions.find(pending.conditions(), "Ready").getReason())
        .isEqualTo("SandboxNotFound");

    bed.sandbox("later", SandboxSpec.of("task-pool"));

    TaskStatus done = bed.awaitTask("patient", TaskStatus::isFinished);
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    await().atMost(TestBed.TIMEOUT).until(() -> bed.task("patient").isEmpty());
  }
}
