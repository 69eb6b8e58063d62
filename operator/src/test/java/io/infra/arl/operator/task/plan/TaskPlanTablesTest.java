package io.infra.arl.operator.task.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.operator.task.plan.TaskPlan.Action;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskPlanTablesTest {

  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  private static final SandboxView USABLE = new SandboxView(true, true, false);

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "1.5s, PT1.5S",
    "500ms, PT0.5S",
    "2h0m3s, PT2H3S",
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(TaskDurations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"soon", "30", "-5s", "1d", "s"})
  void refusesOtherDurationsNamingTheField(String text) {
    assertThatThrownBy(() -> TaskDurations.parse(text)).hasMessageStartingWith("timeout: " + text);
  }

  @Test
  void missingTimeoutIsTheDefault() {
    assertThat(TaskDurations.parse(null)).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @CsvSource({
    "/workspace/hello.py, hello.py",
    "/workspace/a/b.txt, a/b.txt",
    "hello.py, hello.py",
    "/workspace, ''",
    "'', ''",
  })
  void mapsPathsIntoTheWorkspace(String path, String relative) {
    assertThat(StepPaths.relative(path)).isEqualTo(relative);
  }

  @Test
  void refusesAbsolutePathsOutsideTheWorkspace() {
    assertThatThrownBy(() -> StepPaths.relative("/etc/passwd"))
        .hasMessageStartingWith("path: /etc/passwd");
  }

  @Test
  void outputKeepsTheFirstBytesAndSaysWhenItCut() {
    CappedOutput out = new CappedOutput(8);
    out.append("hello ".getBytes(StandardCharsets.UTF_8));
    assertThat(out.truncated()).isFalse();
    out.append("world".getBytes(StandardCharsets.UTF_8));

    assertThat(out.text()).isEqualTo("hello wo");
    assertThat(out.truncated()).isTrue();
  }

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of(
            "new task, usable sandbox: start", null, null, false, USABLE, 0, Action.START, null),
        Arguments.of(
            "running here: nothing",
            status(TaskState.RUNNING, null),
            null,
            true,
            USABLE,
            0,
            Action.NONE,
            null),
        Arguments.of(
            "running but not here: interrupted",
            status(TaskState.RUNNING, null),
            null,
            false,
            USABLE,
            0,
            Action.FAIL,
            "Interrupted"),
        Arguments.of(
            "no sandbox: wait",
            null,
            null,
            false,
            SandboxView.MISSING,
            0,
            Action.WAIT,
            "SandboxNotFound"),
        Arguments.of(
            "sandbox pending: wait",
            null,
            null,
            false,
            new SandboxView(true, false, false),
            0,
            Action.WAIT,
            "SandboxNotReady"),
        Arguments.of(
            "sandbox released: fail",
            null,
            null,
            false,
            new SandboxView(true, false, true),
            0,
            Action.FAIL,
            "SandboxReleased"),
        Arguments.of(
            "finished without TTL: nothing",
            status(TaskState.SUCCEEDED, 0),
            null,
            false,
            USABLE,
            100,
            Action.NONE,
            null),
        Arguments.of(
            "finished, TTL not passed: nothing",
            status(TaskState.SUCCEEDED, 0),
            60,
            false,
            USABLE,
            59,
            Action.NONE,
            null),
        Arguments.of(
            "finished, TTL passed: delete",
            status(TaskState.FAILED, 0),
            60,
            false,
            USABLE,
            60,
            Action.DELETE,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansTasks(
      String d,
      TaskStatus status,
      Integer ttl,
      boolean here,
      SandboxView sandbox,
      int now,
      Action action,
      String reason) {
    TaskPlan plan = TaskPlanner.plan(status, ttl, here, sandbox, T0.plusSeconds(now));

    assertThat(plan.action()).isEqualTo(action);
    assertThat(plan.reason()).isEqualTo(reason);
  }

  @Test
  void finishedTaskRequeuesAtItsTtlDeadline() {
    TaskPlan plan =
        TaskPlanner.plan(status(TaskState.SUCCEEDED, 0), 60, false, USABLE, T0.plusSeconds(20));

    assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(40));
  }

  private static TaskStatus status(TaskState state, Integer completedAt) {
    OffsetDateTime completion =
        completedAt == null
            ? null
            : OffsetDateTime.ofInstant(T0.plusSeconds(completedAt), ZoneOffset.UTC);
    return new TaskStatus(1L, state, null, null, null, null, null, null, null, completion, null);
  }
}
