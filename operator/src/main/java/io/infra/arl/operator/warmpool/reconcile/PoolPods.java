package io.infra.arl.operator.warmpool.reconcile;

import io.infra.arl.kube.PodReadiness;
import io.infra.arl.operator.warmpool.model.PodState;
import io.infra.arl.operator.warmpool.model.PoolPod;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Maps Kubernetes pods to the planner's view of them. */
final class PoolPods {

  private PoolPods() {}

  /** The planner's view of {@code pod}; {@code now} stands in for a missing creation time. */
  static PoolPod view(V1Pod pod, Instant now) {
    OffsetDateTime created = pod.getMetadata().getCreationTimestamp();
    return new PoolPod(
        pod.getMetadata().getName(), state(pod), created == null ? now : created.toInstant());
  }

  static PodState state(V1Pod pod) {
    if (PodReadiness.isTerminating(pod)) {
      return PodState.TERMINATING;
    }
    if (!PodReadiness.isUnclaimed(pod)) {
      // Allocated, or a label this operator does not understand: never counted, never deleted.
      return PodState.ALLOCATED;
    }
    if (PodReadiness.isFinished(pod)) {
      return PodState.FAILED;
    }
    return PodReadiness.isServing(pod) ? PodState.READY : PodState.STARTING;
  }
}
