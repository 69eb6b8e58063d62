package io.infra.arl.kube;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.Map;

/**
 * When a pool pod may be claimed, decided the same way by the gateway and the operator.
 *
 * <p>A pod is <em>ready</em> when it is labelled {@code pod-state=ready}, is {@code Running}, its
 * {@code Ready} condition is {@code True} (the sidecar answered the gRPC health readiness probe),
 * it has a pod IP, and it is not being deleted.
 */
public final class PodReadiness {

  private static final String RUNNING = "Running";
  private static final String READY_CONDITION = "Ready";
  private static final String TRUE = "True";

  private PodReadiness() {}

  /** Whether the pod is unclaimed and serving: a candidate for a claim right now. */
  public static boolean isReady(V1Pod pod) {
    return isUnclaimed(pod) && isServing(pod);
  }

  /** Whether the pod is labelled {@code pod-state=ready} (it may still be starting). */
  public static boolean isUnclaimed(V1Pod pod) {
    return Labels.POD_STATE_READY.equals(label(pod, Labels.POD_STATE));
  }

  /** Whether the pod is labelled {@code pod-state=allocated}. */
  public static boolean isAllocated(V1Pod pod) {
    return Labels.POD_STATE_ALLOCATED.equals(label(pod, Labels.POD_STATE));
  }

  /**
   * Whether the pod's sidecar can take calls, whatever its label: Running, Ready, with an IP, not
   * terminating.
   */
  public static boolean isServing(V1Pod pod) {
    if (isTerminating(pod)) {
      return false;
    }
    V1PodStatus status = pod.getStatus();
    if (status == null || !RUNNING.equals(status.getPhase())) {
      return false;
    }
    if (status.getPodIP() == null || status.getPodIP().isEmpty()) {
      return false;
    }
    if (status.getConditions() == null) {
      return false;
    }
    for (V1PodCondition condition : status.getConditions()) {
      if (READY_CONDITION.equals(condition.getType())) {
        return TRUE.equals(condition.getStatus());
      }
    }
    return false;
  }

  /** Whether deletion of the pod has begun. */
  public static boolean isTerminating(V1Pod pod) {
    V1ObjectMeta metadata = pod.getMetadata();
    return metadata != null && metadata.getDeletionTimestamp() != null;
  }

  /** Whether the pod's containers stopped for good (phase Failed or Succeeded, e.g. evicted). */
  public static boolean isFinished(V1Pod pod) {
    V1PodStatus status = pod.getStatus();
    String phase = status == null ? null : status.getPhase();
    return "Failed".equals(phase) || "Succeeded".equals(phase);
  }

  private static String label(V1Pod pod, String key) {
    V1ObjectMeta metadata = pod.getMetadata();
    Map<String, String> labels = metadata == null ? null : metadata.getLabels();
    return labels == null ? null : labels.get(key);
  }
}
