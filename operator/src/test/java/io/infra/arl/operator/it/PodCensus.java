package io.infra.arl.operator.it;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Follows every pod event of a namespace, in the apiserver's order, and remembers the most
 * unclaimed pods (ready or starting, not terminating or failed) a pool ever had at once: the number
 * the no-over-creation invariant bounds.
 */
final class PodCensus implements AutoCloseable {

  private final SharedInformerFactory factory;
  private final Map<String, V1Pod> pods = new HashMap<>();
  private final String pool;
  private final java.util.List<Long> claimedAtNanos = new java.util.ArrayList<>();
  private final java.util.List<Long> addedAtNanos = new java.util.ArrayList<>();
  private final Map<String, java.util.List<String>> states = new HashMap<>();
  private int max;
  private int events;

  PodCensus(ApiClient client, String namespace, String pool) {
    this.pool = pool;
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
            record(pod, false);
          }

          @Override
          public void onUpdate(V1Pod before, V1Pod after) {
            record(after, false);
          }

          @Override
          public void onDelete(V1Pod pod, boolean unknown) {
            record(pod, true);
          }
        });
    factory.startAllRegisteredInformers();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
  }

  private synchronized void record(V1Pod pod, boolean deleted) {
    if (!pool.equals(pod.getMetadata().getLabels().get(Labels.WARMPOOL))) {
      return;
    }
    events++;
    java.util.List<String> history =
        states.computeIfAbsent(pod.getMetadata().getName(), k -> new java.util.ArrayList<>());
    String state = pod.getMetadata().getLabels().get(Labels.POD_STATE);
    if (!deleted && (history.isEmpty() || !history.getLast().equals(state))) {
      history.add(state);
    }
    long now = System.nanoTime();
    V1Pod before = pods.get(pod.getMetadata().getName());
    if (before == null && !deleted) {
      addedAtNanos.add(now);
    } else if (before != null
        && PodReadiness.isUnclaimed(before)
        && PodReadiness.isAllocated(pod)) {
      claimedAtNanos.add(now);
    }
    if (deleted) {
      pods.remove(pod.getMetadata().getName());
    } else {
      pods.put(pod.getMetadata().getName(), pod);
    }
    max = Math.max(max, unclaimed());
  }

  /** Unclaimed pods now. */
  synchronized int unclaimed() {
    return (int)
        pods.values().stream()
            .filter(
                p ->
                    PodReadiness.isUnclaimed(p)
                        && !PodReadiness.isTerminating(p)
                        && !PodReadiness.isFinished(p))
            .count();
  }

  /** Every pod of the pool now (any state). */
  synchronized int total() {
    return pods.size();
  }

  /** The most unclaimed pods seen at once. */
  synchronized int maxUnclaimed() {
    return max;
  }

  /**
   * For each claim seen, the time until the next pod of the pool appeared: the refill latency as a
   * watcher of the apiserver sees it (claim event to creation event), in milliseconds.
   */
  synchronized java.util.List<Double> refillMillis() {
    java.util.List<Double> latencies = new java.util.ArrayList<>();
    for (long claim : claimedAtNanos) {
      addedAtNanos.stream()
          .filter(added -> added >= claim)
          .findFirst()
          .ifPresent(added -> latencies.add((added - claim) / 1e6));
    }
    return latencies;
  }

  /** The successive {@code pod-state} labels a pod had, in order. */
  synchronized java.util.List<String> states(String pod) {
    return java.util.List.copyOf(states.getOrDefault(pod, java.util.List.of()));
  }

  /** Pod events seen. */
  synchronized int events() {
    return events;
  }

  @Override
  public void close() {
    factory.stopAllRegisteredInformers();
  }
}
