package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.models.V1Condition;
import java.util.List;
import java.util.Map;

/**
 * The observed state of a WarmPool, rebuilt from its pods on every reconcile (never accumulated).
 *
 * @param observedGeneration the {@code metadata.generation} this status was computed for
 * @param replicas the scale subresource's current count: ready plus starting unclaimed pods
 * @param ready unclaimed pods that can be claimed now ({@code PodReadiness.isReady})
 * @param allocated claimed pods
 * @param total every pod of the pool that is not being deleted
 * @param creating unclaimed pods that are not ready yet (starting)
 * @param failed pods whose containers stopped (Failed, evicted) or that missed their startup
 *     timeout; they are replaced
 * @param phase a one-word summary
 * @param conditions {@code Ready}, {@code Scaling} and {@code Degraded}, with reasons
 * @param selector the label selector of the pool's unclaimed pods (for the scale subresource and
 *     HPA)
 * @param selectors label selectors for {@code kubectl get pods -l}: keys {@code all}, {@code
 *     unclaimed}, {@code allocated}
 */
public record WarmPoolStatus(
    Long observedGeneration,
    Integer replicas,
    Integer ready,
    Integer allocated,
    Integer total,
    Integer creating,
    Integer failed,
    WarmPoolPhase phase,
    List<V1Condition> conditions,
    String selector,
    Map<String, String> selectors) {}
