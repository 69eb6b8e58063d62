package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.models.V1PodTemplateSpec;

/**
 * The desired state of a WarmPool. Nullable fields are optional; the CRD schema applies the
 * defaults noted here.
 *
 * @param replicas ready, unclaimed pods to keep (claimed pods do not count); at least 0
 * @param template the pods' template; its labels and annotations pass through to every pod, its
 *     executor container (the one named {@code executor}, else the first) runs the sidecar
 * @param releasePolicy what happens to a released pod (default {@link ReleasePolicy#DELETE})
 * @param maxUnavailable most unclaimed pods that may be starting at once, which limits the creation
 *     rate; null means no limit
 * @param startupTimeoutSeconds a pod not ready this long after creation is replaced (default 300)
 * @param idleTimeoutSeconds default idle timeout of sandboxes claimed from this pool; null means
 *     none
 * @param ttlSeconds default absolute lifetime of sandboxes claimed from this pool; null means none
 */
public record WarmPoolSpec(
    Integer replicas,
    V1PodTemplateSpec template,
    ReleasePolicy releasePolicy,
    Integer maxUnavailable,
    Integer startupTimeoutSeconds,
    Integer idleTimeoutSeconds,
    Integer ttlSeconds) {

  /** Startup timeout when the object has none (the CRD schema defaults it too). */
  public static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 300;

  /** A spec with only replicas and template set. */
  public static WarmPoolSpec of(int replicas, V1PodTemplateSpec template) {
    return new WarmPoolSpec(replicas, template, null, null, null, null, null);
  }

  /** {@link #replicas()} or 0. */
  public int replicasOrZero() {
    return replicas == null ? 0 : Math.max(0, replicas);
  }

  /** {@link #releasePolicy()} or {@link ReleasePolicy#DELETE}. */
  public ReleasePolicy releasePolicyOrDefault() {
    return releasePolicy == null ? ReleasePolicy.DELETE : releasePolicy;
  }

  /** {@link #startupTimeoutSeconds()} or {@value #DEFAULT_STARTUP_TIMEOUT_SECONDS}. */
  public int startupTimeoutSecondsOrDefault() {
    return startupTimeoutSeconds == null ? DEFAULT_STARTUP_TIMEOUT_SECONDS : startupTimeoutSeconds;
  }

  /** This spec with another replica count. */
  public WarmPoolSpec withReplicas(int n) {
    return new WarmPoolSpec(
        n,
        template,
        releasePolicy,
        maxUnavailable,
        startupTimeoutSeconds,
        idleTimeoutSeconds,
        ttlSeconds);
  }
}
