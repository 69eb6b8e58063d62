package io.infra.arl.operator.warmpool.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each pool has had more unclaimed pods than replicas, and whether a lower replica count
 * explains it (then the surplus goes at once; otherwise pods came back and are kept for the
 * scale-down delay). In memory: a restarted operator starts every delay afresh, which only delays.
 */
final class Surpluses {
  private final Map<String, Surplus> surpluses = new ConcurrentHashMap<>();
  private final Map<String, Integer> balancedReplicas = new ConcurrentHashMap<>();

  /**
   * The {@code surplusSince} of the pool's next observation.
   *
   * @return null when no surplus is known, {@link Instant#MIN} when the replicas were lowered
   */
  Instant since(String pool, int replicas) {
    Surplus surplus = surpluses.get(pool);
    if (surplus != null) {
      return surplus.replicas() == replicas ? surplus.since() : Instant.MIN;
    }
    Integer balanced = balancedReplicas.get(pool);
    return balanced != null && replicas < balanced ? Instant.MIN : null;
  }

  /** Records the outcome of a pass that observed the pool with {@code since}. */
  void record(String pool, int replicas, boolean surplus, Instant since, Instant now) {
    if (!surplus) {
      surpluses.remove(pool);
      balancedReplicas.put(pool, replicas);
      return;
    }
    surpluses.putIfAbsent(pool, new Surplus(since == null ? now : since, replicas));
  }

  void forget(String pool) {
    surpluses.remove(pool);
    balancedReplicas.remove(pool);
  }

  private record Surplus(Instant since, int replicas) {}
}
