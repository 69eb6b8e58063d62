package io.infra.arl.operator.warmpool.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures refill latency: from the first moment a pool lost an unclaimed pod (a claim or a
 * failure, as the pod informer delivered it) until the operator created its replacement.
 */
public final class RefillTimer {

  private final Clock clock;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();

  /** A timer on {@code clock}. */
  public RefillTimer(Clock clock) {
    this.clock = clock;
  }

  /** The pool lost an unclaimed pod now (kept if an earlier loss is still unanswered). */
  public void lost(String pool) {
    since.putIfAbsent(pool, clock.instant());
  }

  /** A replacement was created: the latency since the first unanswered loss, if any. */
  public Optional<Duration> refilled(String pool) {
    Instant start = since.remove(pool);
    return start == null ? Optional.empty() : Optional.of(Duration.between(start, clock.instant()));
  }
}
