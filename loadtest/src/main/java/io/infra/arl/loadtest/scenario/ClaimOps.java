package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.loadtest.client.GatewayCalls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** The claim operations the scenarios time, and waiting for a pool to be full again. */
final class ClaimOps {
  private static final Duration REFILL_TIMEOUT = Duration.ofSeconds(60);

  private ClaimOps() {}

  /**
   * Claims, and releases as soon as the claim is answered. The future completes with the claim, so
   * only the claim is timed; a failed release is counted in {@code releaseErrors}.
   */
  static CompletableFuture<ClaimResponse> claimThenRelease(
      GatewayCalls calls, ClaimSpec spec, LongAdder releaseErrors) {
    return calls
        .claim(spec)
        .thenApply(
            claim -> {
              calls
                  .release(GatewayCalls.ref(claim))
                  .whenComplete(
                      (ok, error) -> {
                        if (error != null) {
                          releaseErrors.increment();
                        }
                      });
              return claim;
            });
  }

  /** Claims and then releases; the future completes with the release (the whole cycle is timed). */
  static CompletableFuture<?> cycle(List<GatewayCalls> gateways, int index, ClaimSpec spec) {
    GatewayCalls calls = gateways.get(index % gateways.size());
    return calls.claim(spec).thenCompose(claim -> calls.release(GatewayCalls.ref(claim)));
  }

  /**
   * Waits until pool {@code default} of a gateway has all its sandboxes ready again, so one phase's
   * refills do not run during the next phase.
   */
  static void awaitRefilled(GatewayCalls calls, int replicas) {
    awaitRefilled(calls, "default", replicas);
  }

  /** As {@link #awaitRefilled(GatewayCalls, int)} for pool {@code name}. */
  static void awaitRefilled(GatewayCalls calls, String name, int replicas) {
    Pool pool = refilled(calls, name, replicas, REFILL_TIMEOUT);
    if (pool.getReady() < replicas || pool.getWaitingClaims() > 0) {
      throw new IllegalStateException(
          "pool " + name + " did not refill within " + REFILL_TIMEOUT + ": " + describe(pool));
    }
  }

  /**
   * Waits up to {@code timeout} until pool {@code name} has {@code replicas} ready and no waiting
   * claim, and returns it as last reported (full or not: the caller reports a pool that is not).
   */
  static Pool refilled(GatewayCalls calls, String name, int replicas, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Pool pool = calls.pool(name).orTimeout(10, TimeUnit.SECONDS).join();
      boolean full = pool.getReady() >= replicas && pool.getWaitingClaims() == 0;
      if (full || System.nanoTime() >= deadline) {
        return pool;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** What the gateway reported about a pool, for notes and errors. */
  static String describe(Pool pool) {
    return "ready "
        + pool.getReady()
        + " of "
        + pool.getReplicas()
        + ", allocated "
        + pool.getAllocated()
        + ", waiting claims "
        + pool.getWaitingClaims();
  }
}
