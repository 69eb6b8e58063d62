package io.infra.arl.operator.warmpool.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pod creations and deletions this operator has sent but its informer cache does not reflect yet,
 * per pool, so that a reconcile triggered by any event before the cache catches up counts them and
 * never creates (or deletes) twice.
 *
 * <p>An expectation is met when the cache shows the created pod (or a watch event showed it, {@link
 * #observed}), or no longer shows the deleted one (or shows it terminating). One that is never met
 * (a lost watch event) expires after {@link #DEFAULT_TIMEOUT}, as in Kubernetes' own controllers,
 * so a pool cannot wedge. Expectations live in memory only: after a restart the cache, which lists
 * every pod including Pending ones, is the truth.
 */
public final class Expectations {

  /** How long an unmet expectation is trusted. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration timeout;
  private final Map<String, PoolExpectations> pools = new ConcurrentHashMap<>();

  /** Expectations that expire after {@link #DEFAULT_TIMEOUT}. */
  public Expectations(Clock clock) {
    this(clock, DEFAULT_TIMEOUT);
  }

  /** Expectations that expire after {@code timeout}. */
  public Expectations(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Records that pod {@code pod} of {@code pool} is about to be created. */
  public void expectCreation(String pool, String pod) {
    forPool(pool).creations(pod, clock.instant().plus(timeout));
  }

  /**
   * Meets the creation of pod {@code pod} of {@code pool} as soon as any watch event shows it: a
   * pod a gateway claims and deletes between two reconciles is never in the cache when they look.
   */
  public void observed(String pool, String pod) {
    PoolExpectations expectations = pools.get(pool);
    if (expectations != null) {
      expectations.forgetCreation(pod);
    }
  }

  /** Forgets a creation that failed (the pod will not appear). */
  public void creationFailed(String pool, String pod) {
    forPool(pool).forgetCreation(pod);
  }

  /** Records that pod {@code pod} of {@code pool} is about to be deleted. */
  public void expectDeletion(String pool, String pod) {
    forPool(pool).deletions(pod, clock.instant().plus(timeout));
  }

  /** Forgets a deletion that failed (the pod stays). */
  public void deletionFailed(String pool, String pod) {
    forPool(pool).forgetDeletion(pod);
  }

  /**
   * Settles the pool's expectations against the cache and returns those still pending.
   *
   * @param present names of the pool's pods in the cache that are not terminating
   */
  public Pending settle(String pool, Set<String> present) {
    return forPool(pool).settle(present, clock.instant());
  }

  /** Drops everything known about a pool (it was deleted). */
  public void forget(String pool) {
    pools.remove(pool);
  }

  private PoolExpectations forPool(String pool) {
    return pools.computeIfAbsent(pool, key -> new PoolExpectations());
  }

  /**
   * What is still in flight for a pool.
   *
   * @param creations pods created but not in the cache yet
   * @param deletions pods deleted but still in the cache
   */
  public record Pending(Set<String> creations, Set<String> deletions) {}

  /** One pool's expectations, guarded by its own monitor. */
  private static final class PoolExpectations {
    private final Map<String, Instant> creations = new HashMap<>();
    private final Map<String, Instant> deletions = new HashMap<>();

    synchronized void creations(String pod, Instant expiry) {
      creations.put(pod, expiry);
    }

    synchronized void forgetCreation(String pod) {
      creations.remove(pod);
    }

    synchronized void deletions(String pod, Instant expiry) {
      deletions.put(pod, expiry);
    }

    synchronized void forgetDeletion(String pod) {
      deletions.remove(pod);
    }

    synchronized Pending settle(Set<String> present, Instant now) {
      creations
          .entrySet()
          .removeIf(e -> present.contains(e.getKey()) || !now.isBefore(e.getValue()));
      deletions
          .entrySet()
          .removeIf(e -> !present.contains(e.getKey()) || !now.isBefore(e.getValue()));
      return new Pending(Set.copyOf(creations.keySet()), Set.copyOf(deletions.keySet()));
    }
  }
}
