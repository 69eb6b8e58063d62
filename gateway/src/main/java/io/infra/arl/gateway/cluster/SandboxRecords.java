package io.infra.arl.gateway.cluster;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxList;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.SandboxStatus;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Mirrors this gateway's claims as Sandbox objects, so that {@code kubectl get sb} shows who holds
 * which pod: named {@code <pod>-<fencing token>}, labelled {@code arl.infra.io/claimed-by=gateway}
 * (the operator never claims for them), owned by the pod (garbage-collected with it), status {@code
 * Ready}. Written after the pod is marked allocated, deleted on release; the operator deletes
 * records whose pod is gone or claimed anew (a crashed gateway's).
 */
final class SandboxRecords {
  private final GenericKubernetesApi<Sandbox, SandboxList> sandboxes;
  private final CustomObjectsApi statuses;
  private final String holder;
  private final Clock clock;

  SandboxRecords(ApiClient client, String holder, Clock clock) {
    this.sandboxes = ArlResources.sandboxes(client);
    this.statuses = new CustomObjectsApi(client);
    this.holder = holder;
    this.clock = clock;
  }

  static String name(String pod, long fencingToken) {
    return pod + "-" + fencingToken;
  }

  /** Records the claim of {@code pod} (as just marked allocated); an existing record is kept. */
  void claimed(V1Pod pod, String sandboxId, long fencingToken) throws ApiException {
    V1ObjectMeta podMeta = pod.getMetadata();
    Map<String, String> podLabels = podMeta.getLabels() == null ? Map.of() : podMeta.getLabels();
    String pool = podLabels.getOrDefault(Labels.WARMPOOL, "");
    V1ObjectMeta meta =
        new V1ObjectMeta()
            .name(name(podMeta.getName(), fencingToken))
            .namespace(podMeta.getNamespace())
            .putLabelsItem(Labels.CLAIMED_BY, Labels.CLAIMED_BY_GATEWAY)
            .putLabelsItem(Labels.CLAIMED_POD, podMeta.getName())
            .putLabelsItem(Labels.WARMPOOL, pool)
            .putAnnotationsItem(Labels.CLAIM_HOLDER, holder)
            .putAnnotationsItem(Labels.CLAIM_FENCING_TOKEN, Long.toString(fencingToken))
            .addOwnerReferencesItem(
                new V1OwnerReference()
                    .apiVersion("v1")
                    .kind("Pod")
                    .name(podMeta.getName())
                    .uid(podMeta.getUid()));
    var created = sandboxes.create(Sandbox.of(meta, SandboxSpec.of(pool)));
    Sandbox record =
        created.getHttpStatusCode() == 409 // a retry after a create whose status write failed
            ? sandboxes.get(meta.getNamespace(), meta.getName()).throwsApiException().getObject()
            : created.throwsApiException().getObject();
    if (record.status() != null) {
      return;
    }
    SandboxStatus status =
        new SandboxStatus(
            record.getMetadata().getGeneration(),
            SandboxPhase.READY,
            podMeta.getName(),
            pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
            sandboxId,
            clock.instant().atOffset(ZoneOffset.UTC),
            null,
            null,
            null);
    // A PUT of the status subresource: GenericKubernetesApi.updateStatus sends a JSON patch the
    // apiserver refuses (see the operator's StatusWriter).
    statuses
        .replaceNamespacedCustomObjectStatus(
            ArlResources.GROUP,
            ArlResources.VERSION,
            meta.getNamespace(),
            ArlResources.SANDBOXES,
            meta.getName(),
            record.withStatus(status))
        .execute();
  }

  /** Deletes the record of a released claim (gone already: nothing to do). */
  void released(String namespace, String pod, long fencingToken) throws ApiException {
    var deleted = sandboxes.delete(namespace, name(pod, fencingToken));
    if (deleted.getHttpStatusCode() != 404) {
      deleted.throwsApiException();
    }
  }
}
