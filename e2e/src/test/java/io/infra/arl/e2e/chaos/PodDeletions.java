package io.infra.arl.e2e.chaos;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/** When each pod of a namespace was first seen terminating or deleted (nanoTime), by watch. */
final class PodDeletions implements AutoCloseable {
  private final SharedInformerFactory factory;
  private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();

  PodDeletions(ApiClient client, String namespace) {
    this.factory = new SharedInformerFactory(client);
    SharedIndexInformer<V1Pod> informer =
        factory.sharedIndexInformerFor(
            new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client),
            V1Pod.class,
            0,
            namespace);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(V1Pod pod) {
            seen(pod);
          }

          @Override
          public void onUpdate(V1Pod oldPod, V1Pod newPod) {
            seen(newPod);
          }

          @Override
          public void onDelete(V1Pod pod, boolean finalStateUnknown) {
            deletedAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
          }
        });
    factory.startAllRegisteredInformers();
    Awaitility.await("pod watch synced").atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
  }

  private void seen(V1Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      deletedAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
    }
  }

  /** When {@code pod} was first seen going away, or null. */
  Long deletedAt(String pod) {
    return deletedAt.get(pod);
  }

  @Override
  public void close() {
    factory.stopAllRegisteredInformers();
  }
}
