package io.infra.arl.gateway.cluster;

import io.infra.arl.kube.ClaimAnnotations;
import io.kubernetes.client.openapi.models.V1Pod;
import io.micronaut.core.annotation.Nullable;

/**
 * What a conditional pod write needs to know of a pod: its resourceVersion and the fencing token of
 * the claim annotated on it.
 *
 * @param resourceVersion the version a write is conditional on; null: unconditional
 * @param claimToken the annotated claim's fencing token; {@code -1}: none (or unreadable)
 */
record PodVersion(@Nullable String resourceVersion, long claimToken) {

  static PodVersion of(V1Pod pod) {
    return new PodVersion(
        pod.getMetadata().getResourceVersion(), ClaimAnnotations.fencingToken(pod).orElse(-1));
  }

  /** Whether a claim newer than the one holding {@code fencingToken} is annotated. */
  boolean claimedAfter(long fencingToken) {
    return claimToken > fencingToken;
  }
}
