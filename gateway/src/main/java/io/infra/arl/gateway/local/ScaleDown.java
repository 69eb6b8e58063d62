package io.infra.arl.gateway.local;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;

/**
 * When a pool that reuses sandboxes holds more than {@code replicas}, destroys what stayed beyond
 * them for a whole scale-down delay: the lowest excess seen since the check was scheduled (claims
 * in between took the rest), so a steady load keeps what it uses and an idle pool shrinks back.
 * Checks again later while an excess remains.
 */
final class ScaleDown {
  private final Duration delay;
  private final Executor executor;
  private final IntSupplier excess;
  private final IntUnaryOperator destroyUpTo;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger lowestExcess = new AtomicInteger();

  /**
   * @param delay how long an excess must last
   * @param executor where the check runs
   * @param excess the pool's ready and creating sandboxes beyond replicas (negative when short)
   * @param destroyUpTo destroys up to that many ready sandboxes, returns how many it destroyed
   */
  ScaleDown(Duration delay, Executor executor, IntSupplier excess, IntUnaryOperator destroyUpTo) {
    this.delay = delay;
    this.executor = executor;
    this.excess = excess;
    this.destroyUpTo = destroyUpTo;
  }

  /** A sandbox was claimed: the excess went down. */
  void claimed() {
    lowestExcess.accumulateAndGet(excess.getAsInt(), Math::min);
  }

  /** A sandbox came back: schedules a check if the pool now holds too many. */
  void returned() {
    if (excess.getAsInt() > 0 && scheduled.compareAndSet(false, true)) {
      lowestExcess.set(excess.getAsInt());
      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor)
          .execute(this::check);
    }
  }

  private void check() {
    int surplus = Math.min(lowestExcess.get(), excess.getAsInt());
    scheduled.set(false);
    if (surplus > 0) {
      destroyUpTo.applyAsInt(surplus);
    }
    returned();
  }
}
