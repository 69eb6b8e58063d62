package io.infra.arl.operator.it;

import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;

/** Pool helpers for tests that build their own operator (Redis, leader election). */
final class TestBedPools {

  private final ApiClient client;
  private final String namespace;

  TestBedPools(ApiClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Creates a quick-start pool with {@code replicas}. */
  void create(String name, int replicas) throws ApiException {
    WarmPoolSpec spec = Examples.quickStartPool().spec().withReplicas(replicas);
    ArlResources.warmPools(client)
        .create(WarmPool.of(new V1ObjectMeta().name(name).namespace(namespace), spec))
        .throwsApiException();
  }

  /** Waits until the pool has {@code n} ready pods and returns them. */
  List<V1Pod> awaitReady(String pool, int n) {
    return await()
        .atMost(TestBed.TIMEOUT)
        .until(
            () ->
                new CoreV1Api(client)
                        .listNamespacedPod(namespace)
                        .labelSelector(Labels.poolSelector(pool))
                        .execute()
                        .getItems()
                        .stream()
                        .filter(PodReadiness::isReady)
                        .toList(),
            pods -> pods.size() == n);
  }

  /** Whether a pod of that name exists (and is not being deleted). */
  boolean exists(String pod) throws ApiException {
    return new CoreV1Api(client)
        .listNamespacedPod(namespace).execute().getItems().stream()
            .anyMatch(
                p ->
                    p.getMetadata().getName().equals(pod)
                        && p.getMetadata().getDeletionTimestamp() == null);
  }
}
