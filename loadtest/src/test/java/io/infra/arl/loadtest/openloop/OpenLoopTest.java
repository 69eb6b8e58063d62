package io.infra.arl.loadtest.openloop;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void countsSuccessesAndFailuresByKind() {
    OpenLoop loop = new OpenLoop(Duration.ofSeconds(5), 1000);

    RunResult result =
        loop.run(
            new ArrivalSchedule(1000, Duration.ofMillis(100)),
            i ->
                i % 10 == 0
                    ? CompletableFuture.failedFuture(
                        Status.RESOURCE_EXHAUSTED
                            .withDescription("pool 7 empty")
                            .asRuntimeException())
                    : CompletableFuture.completedFuture(null));

    assertThat(result.sent()).isEqualTo(100);
    assertThat(result.succeeded()).isEqualTo(90);
    assertThat(result.errors())
        .containsExactly(java.util.Map.entry("RESOURCE_EXHAUSTED: pool N empty", 10L));
    assertThat(result.latency().count()).isEqualTo(90);
  }

  private static final long SECOND = 1_000_000_000L;

  /**
   * achieved/s divides by the completions' span: a server that keeps up achieves the offered rate
   * whatever its latency, one that falls behind does not. 10,000 arrivals over 5 s (one every 0.5
   * ms), nanoTime values relative to the schedule's start.
   */
  @Test
  void completionSpanChargesFallingBehindButNotLatency() {
    long interval = 5 * SECOND / 10_000;
    long lastArrival = 5 * SECOND - interval;
    // Every request answered in 5 ms: the span is the schedule's (the old formula gave 5.005 s).
    assertThat(OpenLoop.completionSpan(5_000_000, lastArrival + 5_000_000, 5 * SECOND, 10_000))
        .isEqualTo(5 * SECOND);
    // Answered in 100 ms each: still the schedule's.
    assertThat(OpenLoop.completionSpan(100_000_000, lastArrival + 100_000_000, 5 * SECOND, 10_000))
        .isEqualTo(5 * SECOND);
    // Falling behind, from 1 ms to 2 s: the last completion comes 2 s late, and so does the span.
    assertThat(OpenLoop.completionSpan(1_000_000, lastArrival + 2 * SECOND, 5 * SECOND, 10_000))
        .isEqualTo(7 * SECOND - 1_000_000);
    // Everything answered at once after a stall: never faster than the schedule.
    assertThat(OpenLoop.completionSpan(3 * SECOND, 3 * SECOND, 5 * SECOND, 10_000))
        .isEqualTo(5 * SECOND);
    // Nothing completed.
    assertThat(OpenLoop.completionSpan(Long.MAX_VALUE, Long.MIN_VALUE, 5 * SECOND, 10_000))
        .isEqualTo(5 * SECOND);
  }

  @Test
  void spinsAtMostATenthOfTheArrivalIntervalAndNotAtCapacityRates() {
    // 500/s: 2 ms apart, the full spin.
    assertThat(OpenLoop.spinNanos(new ArrivalSchedule(500, Duration.ofSeconds(1))))
        .isEqualTo(OpenLoop.SPIN_NANOS);
    // 1,000/s: 1 ms apart, a tenth of that.
    assertThat(OpenLoop.spinNanos(new ArrivalSchedule(1_000, Duration.ofSeconds(1))))
        .isEqualTo(100_000);
    // 1,200/s: a capacity step, no spin.
    assertThat(OpenLoop.spinNanos(new ArrivalSchedule(1_200, Duration.ofSeconds(1)))).isZero();
  }

  /**
   * The property that makes the numbers honest: a server that stalls delays every request that
   * arrives during the stall, and each of them is charged the wait from its intended send time. A
   * closed-loop generator would send nothing during the stall and report one slow request.
   */
  @Test
  void chargesAStallToEveryRequestThatArrivedDuringIt() throws Exception {
    // The stall ends when the 30th request starts (not on a timer, so a busy machine cannot end
    // it before the arrivals): requests 1..30 are intended 10 ms apart and all wait for it.
    CompletableFuture<Void> stallEnds = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();
    OpenLoop loop = new OpenLoop(Duration.ofSeconds(5), 1000);

    RunResult result =
        loop.run(
            new ArrivalSchedule(100, Duration.ofMillis(400)),
            i -> {
              if (started.incrementAndGet() == 30) {
                stallEnds.complete(null);
              }
              return stallEnds.thenApply(v -> null);
            });

    assertThat(started).hasValue(40);
    assertThat(result.succeeded()).isEqualTo(40);
    // The 21st request waited at least the 90 ms between its intended time and the 30th's, and
    // the first at least 290 ms: a closed loop would have charged the stall to one request.
    assertThat(result.latency().p50()).isGreaterThan(50_000);
    assertThat(result.latency().max()).isGreaterThan(250_000);
  }

  @Test
  void countsRequestsStillRunningAfterTheDrainAsTimeoutsAndIgnoresTheirLateAnswers() {
    CompletableFuture<Void> never = new CompletableFuture<>();
    OpenLoop loop = new OpenLoop(Duration.ofMillis(50), 1000);

    RunResult result = loop.run(new ArrivalSchedule(100, Duration.ofMillis(100)), i -> never);
    never.complete(null);

    assertThat(result.succeeded()).isZero();
    assertThat(result.errors()).containsEntry("timeout", 10L);
  }

  @Test
  void dropsArrivalsBeyondTheInFlightCapAsClientBacklog() {
    CopyOnWriteArrayList<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    OpenLoop loop = new OpenLoop(Duration.ofMillis(50), 5);

    RunResult result =
        loop.run(
            new ArrivalSchedule(1000, Duration.ofMillis(20)),
            i -> {
              CompletableFuture<Void> f = new CompletableFuture<>();
              pending.add(f);
              return f;
            });

    assertThat(pending).hasSize(5);
    assertThat(result.errors()).containsEntry("client backlog", 15L).containsEntry("timeout", 5L);
  }

  @Test
  void interleavedRunsShareOneScheduleAndMeasureEachPathApart() {
    OpenLoop loop = new OpenLoop(Duration.ofSeconds(5), 1000);
    CopyOnWriteArrayList<String> order = new CopyOnWriteArrayList<>();

    List<RunResult> results =
        loop.interleaved(
            new ArrivalSchedule(1000, Duration.ofMillis(101)),
            List.of(
                i -> {
                  order.add("a" + i);
                  return CompletableFuture.completedFuture(null);
                },
                i -> {
                  order.add("b" + i);
                  return CompletableFuture.failedFuture(
                      Status.UNAVAILABLE.withDescription("down").asRuntimeException());
                }));

    assertThat(order.subList(0, 4)).containsExactly("a0", "b0", "a1", "b1");
    RunResult a = results.get(0);
    RunResult b = results.get(1);
    assertThat(a.sent()).isEqualTo(51);
    assertThat(a.succeeded()).isEqualTo(51);
    assertThat(a.offeredPerSecond()).isEqualTo(500);
    assertThat(b.sent()).isEqualTo(50);
    assertThat(b.succeeded()).isZero();
    assertThat(b.errors()).containsExactly(java.util.Map.entry("UNAVAILABLE: down", 50L));
  }
}
