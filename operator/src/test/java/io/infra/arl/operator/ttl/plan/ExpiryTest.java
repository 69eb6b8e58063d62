package io.infra.arl.operator.ttl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.WarmPoolSpec;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpiryTest {

  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  static Stream<Arguments> releases() {
    return Stream.of(
        release("no timeouts: never", sandbox(true, null, null, null), null, idle(0), null),
        release(
            "sandbox TTL counts from allocation",
            sandbox(true, null, null, 600),
            null,
            idle(100),
            deadline(600, ReleaseReason.TTL_EXPIRED)),
        release(
            "pool TTL is the default",
            sandbox(true, null, null, null),
            pool(null, 900),
            idle(100),
            deadline(900, ReleaseReason.TTL_EXPIRED)),
        release(
            "sandbox TTL overrides the pool's",
            sandbox(true, null, null, 60),
            pool(null, 900),
            idle(0),
            deadline(60, ReleaseReason.TTL_EXPIRED)),
        release(
            "idle counts from the last activity",
            sandbox(true, null, 300, null),
            null,
            idle(100),
            deadline(400, ReleaseReason.IDLE_TIMEOUT)),
        release(
            "pool idle timeout is the default",
            sandbox(true, null, null, null),
            pool(120, null),
            idle(10),
            deadline(130, ReleaseReason.IDLE_TIMEOUT)),
        release(
            "no idle timeout while a task runs",
            sandbox(true, null, 300, null),
            null,
            running(100),
            null),
        release(
            "earliest deadline wins",
            sandbox(true, null, 300, 350),
            null,
            idle(100),
            deadline(350, ReleaseReason.TTL_EXPIRED)),
        release(
            "without keepAlive: released when the first task finished",
            sandbox(false, null, null, null),
            null,
            finished(42),
            deadline(42, ReleaseReason.COMPLETED)),
        release(
            "with keepAlive: kept after a task",
            sandbox(true, null, null, null),
            null,
            finished(42),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releases")
  void releaseDeadlines(
      String description,
      SandboxSpec spec,
      WarmPoolSpec pool,
      SandboxTimes times,
      Deadline expected) {
    assertThat(Expiry.release(spec, pool, times)).isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> deletions() {
    return Stream.of(
        Arguments.of(
            "no ttlSecondsAfterFinished: kept", sandbox(true, null, null, null), idle(5), null),
        Arguments.of(
            "released: counts from the release",
            sandbox(false, 30, null, null),
            released(100),
            130),
        Arguments.of(
            "keepAlive and idle: counts from the last activity (reference: idle time)",
            sandbox(true, 3600, null, null),
            idle(5),
            3605),
        Arguments.of(
            "keepAlive with a running task: not yet",
            sandbox(true, 3600, null, null),
            running(5),
            null),
        Arguments.of(
            "without keepAlive and not released: not yet",
            sandbox(false, 30, null, null),
            idle(5),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletions")
  void sandboxDeletionDeadlines(
      String description, SandboxSpec spec, SandboxTimes times, Integer seconds) {
    assertThat(Expiry.deleteSandbox(spec, times))
        .isEqualTo(Optional.ofNullable(seconds).map(T0::plusSeconds));
  }

  @org.junit.jupiter.api.Test
  void taskDeletionCountsFromCompletion() {
    assertThat(Expiry.deleteTask(60, T0)).contains(T0.plusSeconds(60));
    assertThat(Expiry.deleteTask(null, T0)).isEmpty();
    assertThat(Expiry.deleteTask(60, null)).isEmpty();
  }

  private static Arguments release(
      String d, SandboxSpec s, WarmPoolSpec p, SandboxTimes t, Deadline e) {
    return Arguments.of(d, s, p, t, e);
  }

  private static SandboxSpec sandbox(
      boolean keepAlive, Integer ttlAfter, Integer idle, Integer ttl) {
    return new SandboxSpec("pool", keepAlive, ttlAfter, idle, ttl);
  }

  private static WarmPoolSpec pool(Integer idle, Integer ttl) {
    return new WarmPoolSpec(1, null, null, null, null, idle, ttl);
  }

  private static SandboxTimes idle(int lastActivitySeconds) {
    return new SandboxTimes(T0, T0.plusSeconds(lastActivitySeconds), false, null, null);
  }

  private static SandboxTimes running(int lastActivitySeconds) {
    return new SandboxTimes(T0, T0.plusSeconds(lastActivitySeconds), true, null, null);
  }

  private static SandboxTimes finished(int seconds) {
    return new SandboxTimes(T0, T0.plusSeconds(seconds), false, T0.plusSeconds(seconds), null);
  }

  private static SandboxTimes released(int seconds) {
    return new SandboxTimes(T0, T0, false, null, T0.plusSeconds(seconds));
  }

  private static Deadline deadline(int seconds, ReleaseReason reason) {
    return new Deadline(T0.plusSeconds(seconds), reason);
  }
}
