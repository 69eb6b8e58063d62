package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.models.V1Condition;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The observed state of a Sandbox.
 *
 * @param observedGeneration the {@code metadata.generation} this status was computed for
 * @param phase where the sandbox is in its life
 * @param podName the allocated pod
 * @param podIP the allocated pod's IP (its sidecar listens on port 50051)
 * @param sandboxId the lease key of the pod ({@code <namespace>.<pod name>})
 * @param allocatedAt when the pod was claimed
 * @param lastActivityTime when a Task last started or finished in the pod (or allocatedAt); idle
 *     timeouts count from here
 * @param releasedAt when the pod was released
 * @param conditions {@code Ready} (True while the pod is held; the reason says why not, e.g. {@code
 *     PoolNotFound}, {@code NoReadyPod}, {@code IdleTimeout}, {@code TTLExpired}, {@code
 *     Completed}, {@code LeaseLost}, {@code PodGone})
 */
public record SandboxStatus(
    Long observedGeneration,
    SandboxPhase phase,
    String podName,
    String podIP,
    String sandboxId,
    OffsetDateTime allocatedAt,
    OffsetDateTime lastActivityTime,
    OffsetDateTime releasedAt,
    List<V1Condition> conditions) {}
