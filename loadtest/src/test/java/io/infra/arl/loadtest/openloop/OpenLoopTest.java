package io.infra.arl.loadtest.openloop;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  /**
   * The property that makes the numbers honest: a server that stalls delays every request that
   * arrives during the stall, and each of them is charged the wait from its intended send time. A
   * closed-loop generator would send nothing during the stall and report one slow request.
   */
  @Test
  void chargesAStallToEveryRequestThatArrivedDuringIt() throws Exception {
    ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();
    try {
      CompletableFuture<Void> stallEnds = new CompletableFuture<>();
      server.schedule(() -> stallEnds.complete(null), 300, TimeUnit.MILLISECONDS);
      AtomicInteger started = new AtomicInteger();
      OpenLoop loop = new OpenLoop(Duration.ofSeconds(5), 1000);

      RunResult result =
          loop.run(
              new ArrivalSchedule(100, Duration.ofMillis(400)),
              i -> {
                started.incrementAndGet();
                return stallEnds.thenApply(v -> null);
              });

      assertThat(started).hasValue(40);
      assertThat(result.succeeded()).isEqualTo(40);
      // About 30 of 40 arrived during the 300 ms stall: the median waited for a good part of it.
      assertThat(result.latency().p50()).isGreaterThan(50_000);
      assertThat(result.latency().max()).isGreaterThan(250_000);
    } finally {
      server.shutdownNow();
    }
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
}
