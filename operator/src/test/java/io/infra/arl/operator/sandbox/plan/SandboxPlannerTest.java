package io.infra.arl.operator.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.operator.sandbox.plan.SandboxPlan.Action;
import io.infra.arl.operator.ttl.plan.ReleaseReason;
import io.infra.arl.operator.ttl.plan.SandboxTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxPlannerTest {

  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  static Stream<Arguments> plans() {
    return Stream.of(
        row(
            "idle sandbox is Ready until its renewal",
            spec(true, null, 300),
            idle(0),
            false,
            10,
            10,
            Action.KEEP,
            SandboxPhase.READY,
            null,
            0),
        row(
            "running task makes it Bound",
            spec(true, null, 300),
            running(0),
            false,
            10,
            10,
            Action.KEEP,
            SandboxPhase.BOUND,
            null,
            0),
        row(
            "idle timeout before renewal is the next wake-up",
            spec(true, null, 5),
            idle(0),
            false,
            2,
            10,
            Action.KEEP,
            SandboxPhase.READY,
            null,
            3),
        row(
            "idle timeout due: released",
            spec(true, null, 5),
            idle(0),
            false,
            5,
            10,
            Action.RELEASE,
            SandboxPhase.RELEASED,
            ReleaseReason.IDLE_TIMEOUT,
            -1),
        row(
            "first task done without keepAlive: released",
            spec(false, null, null),
            finished(4),
            false,
            5,
            10,
            Action.RELEASE,
            SandboxPhase.RELEASED,
            ReleaseReason.COMPLETED,
            -1),
        row(
            "released: wait for ttlSecondsAfterFinished",
            spec(false, 30, null),
            released(5),
            true,
            10,
            10,
            Action.KEEP,
            SandboxPhase.RELEASED,
            null,
            25),
        row(
            "released without ttlSecondsAfterFinished: nothing to wait for",
            spec(false, null, null),
            released(5),
            true,
            10,
            10,
            Action.KEEP,
            SandboxPhase.RELEASED,
            null,
            -1),
        row(
            "ttlSecondsAfterFinished passed: delete",
            spec(false, 30, null),
            released(5),
            true,
            35,
            10,
            Action.DELETE,
            SandboxPhase.RELEASED,
            null,
            -1),
        row(
            "keepAlive idle past ttlSecondsAfterFinished: delete",
            spec(true, 60, null),
            idle(0),
            false,
            60,
            70,
            Action.DELETE,
            SandboxPhase.READY,
            null,
            -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansKeepReleaseOrDelete(
      String description,
      SandboxSpec spec,
      SandboxTimes times,
      boolean released,
      int nowSeconds,
      int renewSeconds,
      Action action,
      SandboxPhase phase,
      ReleaseReason reason,
      int requeueSeconds) {
    SandboxPlan plan =
        SandboxPlanner.plan(
            new SandboxObservation(
                spec,
                null,
                times,
                released,
                T0.plusSeconds(renewSeconds),
                T0.plusSeconds(nowSeconds)));

    assertThat(plan.action()).as("action").isEqualTo(action);
    assertThat(plan.phase()).as("phase").isEqualTo(phase);
    assertThat(plan.reason()).as("reason").isEqualTo(reason);
    assertThat(plan.requeueAfter())
        .as("requeueAfter")
        .isEqualTo(requeueSeconds < 0 ? Optional.empty() : Optional.of(requeue(requeueSeconds)));
  }

  private static Duration requeue(int seconds) {
    return seconds == 0 ? Duration.ofMillis(1) : Duration.ofSeconds(seconds);
  }

  private static Arguments row(Object... values) {
    return Arguments.of(values);
  }

  private static SandboxSpec spec(boolean keepAlive, Integer ttlAfter, Integer idle) {
    return new SandboxSpec("pool", keepAlive, ttlAfter, idle, null);
  }

  private static SandboxTimes idle(int lastActivity) {
    return new SandboxTimes(T0, T0.plusSeconds(lastActivity), false, null, null);
  }

  private static SandboxTimes running(int lastActivity) {
    return new SandboxTimes(T0, T0.plusSeconds(lastActivity), true, null, null);
  }

  private static SandboxTimes finished(int at) {
    return new SandboxTimes(T0, T0.plusSeconds(at), false, T0.plusSeconds(at), null);
  }

  private static SandboxTimes released(int at) {
    return new SandboxTimes(T0, T0, false, null, T0.plusSeconds(at));
  }
}
