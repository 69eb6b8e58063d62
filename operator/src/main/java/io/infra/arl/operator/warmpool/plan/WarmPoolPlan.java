package io.infra.arl.operator.warmpool.plan;

import io.infra.arl.kube.crd.WarmPoolStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to do for a pool now.
 *
 * @param toCreate how many pods to create
 * @param toDelete the pods to delete, in order
 * @param status the status to write, rebuilt from the observation
 * @param requeueAfter when to look again although nothing changed (the next startup deadline, or
 *     the end of the scale-down delay)
 * @param surplus whether the pool has more unclaimed pods than replicas
 */
public record WarmPoolPlan(
    int toCreate,
    List<PodDeletion> toDelete,
    WarmPoolStatus status,
    Optional<Duration> requeueAfter,
    boolean surplus) {

  /** Copies the list. */
  public WarmPoolPlan {
    toDelete = List.copyOf(toDelete);
  }
}
