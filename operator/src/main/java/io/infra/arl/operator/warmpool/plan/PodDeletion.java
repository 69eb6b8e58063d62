package io.infra.arl.operator.warmpool.plan;

/**
 * A pod the plan removes.
 *
 * @param pod the pod's name
 * @param reason why
 */
public record PodDeletion(String pod, Reason reason) {

  /** Why a pod is removed. */
  public enum Reason {
    /** Its containers stopped (Failed, Succeeded, evicted): replaced. */
    FAILED,
    /** It did not become ready within {@code startupTimeoutSeconds}: replaced. */
    STARTUP_TIMEOUT,
    /**
     * More unclaimed pods than {@code replicas}. A ready pod may be claimed at this very moment, so
     * the reconciler takes its lease before deleting it and skips it if someone holds it.
     */
    SCALE_DOWN
  }
}
