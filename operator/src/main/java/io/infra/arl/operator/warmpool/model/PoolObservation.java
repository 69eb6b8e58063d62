package io.infra.arl.operator.warmpool.model;

import io.infra.arl.kube.crd.WarmPoolSpec;
import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the planner needs about one pool at one instant.
 *
 * @param namespace the pool's namespace
 * @param name the pool's name
 * @param generation the pool's {@code metadata.generation}
 * @param spec the pool's spec
 * @param pods the pool's pods in the informer cache, minus those whose deletion is in flight
 * @param creationsInFlight pods this operator created that the cache does not show yet
 * @param failedDeletedNow failed pods deleted by this very pass (still reported as failed)
 * @param stuckDeletedNow pods past their startup timeout deleted by this very pass (still reported)
 * @param previousConditions the conditions of the current status (to keep transition times)
 * @param createError why the last pod creation failed, or null
 * @param now the time of the pass
 * @param surplusSince since when the pool has had more unclaimed pods than replicas without a lower
 *     replica count explaining it; null when that starts now; {@link Instant#MIN} when the surplus
 *     is wanted gone at once (the replicas were lowered)
 * @param scaleDownDelay how long such a surplus of ready pods is kept
 */
public record PoolObservation(
    String namespace,
    String name,
    long generation,
    WarmPoolSpec spec,
    List<PoolPod> pods,
    int creationsInFlight,
    int failedDeletedNow,
    int stuckDeletedNow,
    List<V1Condition> previousConditions,
    String createError,
    Instant now,
    Instant surplusSince,
    Duration scaleDownDelay) {

  /** Copies the lists. */
  public PoolObservation {
    pods = List.copyOf(pods);
    previousConditions = previousConditions == null ? List.of() : List.copyOf(previousConditions);
  }
}
