package io.infra.arl.loadtest.scenario;

import io.infra.arl.kube.Labels;
import io.infra.arl.loadtest.stack.KubernetesStack;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The harness's own pod informer on the stack's apiserver: counts the pods each pool gains and
 * loses (a {@code Reset} pool that churns shows up here), queues the arrival time of each new pod
 * of one pool, and notes when a pod is first seen labelled allocated. Times are this JVM's {@link
 * System#nanoTime()} when the event arrives, so the watch's own delay is included.
 */
final class PodWatch implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SharedInformerFactory factory;
  private final Map<String, LongAdder> created = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> deleted = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Long>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> allocated = new ConcurrentHashMap<>();
  private volatile boolean synced;

  /** Starts the informer and returns once it has listed the namespace. */
  PodWatch(KubernetesStack stack) {
    factory = new SharedInformerFactory(stack.apiClient());
    SharedIndexInformer<V1Pod> informer =
        factory.sharedIndexInformerFor(
            new GenericKubernetesApi<>(
                V1Pod.class, V1PodList.class, "", "v1", "pods", stack.apiClient()),
            V1Pod.class,
            0,
            KubernetesStack.NAMESPACE);
    informer.addEventHandler(new Handler());
    factory.startAllRegisteredInformers();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!informer.hasSynced()) {
      if (System.nanoTime() > deadline) {
        factory.stopAllRegisteredInformers();
        throw new IllegalStateException("harness pod informer not synced in " + TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    synced = true; // the pods listed at start were not created during a measurement
  }

  /** Pods of {@code pool} created since the watch started. */
  long created(String pool) {
    return counter(created, pool).sum();
  }

  /** Pods of {@code pool} deleted since the watch started. */
  long deleted(String pool) {
    return counter(deleted, pool).sum();
  }

  /** When each new pod of {@code pool} arrived, in order (the caller drains it). */
  BlockingQueue<Long> arrivals(String pool) {
    return arrivals.computeIfAbsent(pool, p -> new LinkedBlockingQueue<>());
  }

  /** When {@code pod} was first seen labelled allocated, or {@code null} if not within 30 s. */
  Long awaitAllocated(String pod) throws InterruptedException {
    try {
      return allocation(pod).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private CompletableFuture<Long> allocation(String pod) {
    return allocated.computeIfAbsent(pod, name -> new CompletableFuture<>());
  }

  private static LongAdder counter(Map<String, LongAdder> counters, String pool) {
    return counters.computeIfAbsent(pool, p -> new LongAdder());
  }

  private static String pool(V1Pod pod) {
    var labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(Labels.WARMPOOL, "");
  }

  private static boolean isAllocated(V1Pod pod) {
    var labels = pod.getMetadata().getLabels();
    return labels != null && Labels.POD_STATE_ALLOCATED.equals(labels.get(Labels.POD_STATE));
  }

  private final class Handler implements ResourceEventHandler<V1Pod> {
    @Override
    public void onAdd(V1Pod pod) {
      if (!synced) {
        return;
      }
      long now = System.nanoTime();
      String pool = pool(pod);
      counter(created, pool).increment();
      BlockingQueue<Long> queue = arrivals.get(pool);
      if (queue != null) {
        queue.add(now);
      }
    }

    @Override
    public void onUpdate(V1Pod before, V1Pod after) {
      if (isAllocated(after) && !isAllocated(before)) {
        allocation(after.getMetadata().getName()).complete(System.nanoTime());
      }
    }

    @Override
    public void onDelete(V1Pod pod, boolean finalStateUnknown) {
      counter(deleted, pool(pod)).increment();
      allocated.remove(pod.getMetadata().getName());
    }
  }

  @Override
  public void close() {
    factory.stopAllRegisteredInformers();
  }
}
