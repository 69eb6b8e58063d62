package io.infra.arl.operator.cluster;

import io.infra.arl.kube.LabelledListerWatcher;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.WarmPool;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informer caches of everything the controllers read: pool pods (label {@code
 * arl.infra.io/warmpool}), WarmPools, Sandboxes and Tasks, of one namespace or all, with indexes by
 * pool and by sandbox.
 */
public final class ClusterCache {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);
  private static final String BY_POOL = "byPool";
  private static final String BY_SANDBOX = "bySandbox";

  private final SharedInformerFactory factory;
  private final SharedIndexInformer<V1Pod> pods;
  private final SharedIndexInformer<WarmPool> pools;
  private final SharedIndexInformer<Sandbox> sandboxes;
  private final SharedIndexInformer<Task> tasks;

  /** Informers over {@code namespace} (empty: all namespaces); not started yet. */
  public ClusterCache(ApiClient client, String namespace) {
    this.factory = new SharedInformerFactory(client);
    this.pods =
        factory.sharedIndexInformerFor(
            new LabelledListerWatcher<>(ArlResources.pods(client), namespace, Labels.WARMPOOL),
            V1Pod.class,
            0,
            ClusterCache::listFailed);
    this.pools =
        factory.sharedIndexInformerFor(
            new LabelledListerWatcher<>(ArlResources.warmPools(client), namespace, null),
            WarmPool.class,
            0,
            ClusterCache::listFailed);
    this.sandboxes =
        factory.sharedIndexInformerFor(
            new LabelledListerWatcher<>(ArlResources.sandboxes(client), namespace, null),
            Sandbox.class,
            0,
            ClusterCache::listFailed);
    this.tasks =
        factory.sharedIndexInformerFor(
            new LabelledListerWatcher<>(ArlResources.tasks(client), namespace, null),
            Task.class,
            0,
            ClusterCache::listFailed);
    pods.addIndexers(
        Map.of(BY_POOL, pod -> key(pod, pod.getMetadata().getLabels().get(Labels.WARMPOOL))));
    sandboxes.addIndexers(
        Map.of(BY_POOL, sb -> key(sb, sb.spec() == null ? null : sb.spec().poolRef())));
    tasks.addIndexers(
        Map.of(BY_SANDBOX, t -> key(t, t.spec() == null ? null : t.spec().sandboxRef())));
  }

  // The informer retries on its own; one WARN line instead of client-java's stack trace at ERROR
  // (e.g. "storage is (re)initializing" right after a CRD is installed).
  private static void listFailed(Class<?> type, Throwable error) {
    String message =
        error instanceof ApiException e ? e.getCode() + " " + e.getMessage() : error.toString();
    LOG.warn("Failed list or watch resource={} error={}", type.getSimpleName(), message);
  }

  /** The informer factory, for controllers to register their watches on. */
  public SharedInformerFactory factory() {
    return factory;
  }

  /** Starts every informer. */
  public void start() {
    factory.startAllRegisteredInformers();
  }

  /** Whether every informer has listed once. */
  public boolean hasSynced() {
    return pods.hasSynced() && pools.hasSynced() && sandboxes.hasSynced() && tasks.hasSynced();
  }

  /** Waits until {@link #hasSynced()}, at most {@code timeout}; returns whether it did. */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!hasSynced()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Stops every informer. */
  public void stop() {
    factory.stopAllRegisteredInformers();
  }

  /** A pool by namespace and name. */
  public Optional<WarmPool> pool(String namespace, String name) {
    return get(pools, namespace, name);
  }

  /** A pool pod by namespace and name. */
  public Optional<V1Pod> pod(String namespace, String name) {
    return get(pods, namespace, name);
  }

  /** Every cached pod of a pool. */
  public List<V1Pod> podsOfPool(String namespace, String pool) {
    return pods.getIndexer().byIndex(BY_POOL, namespace + "/" + pool);
  }

  /** A sandbox by namespace and name. */
  public Optional<Sandbox> sandbox(String namespace, String name) {
    return get(sandboxes, namespace, name);
  }

  /** Every cached sandbox claiming from a pool. */
  public List<Sandbox> sandboxesOfPool(String namespace, String pool) {
    return sandboxes.getIndexer().byIndex(BY_POOL, namespace + "/" + pool);
  }

  /** A task by namespace and name. */
  public Optional<Task> task(String namespace, String name) {
    return get(tasks, namespace, name);
  }

  /** Every cached task running in a sandbox. */
  public List<Task> tasksOfSandbox(String namespace, String sandbox) {
    return tasks.getIndexer().byIndex(BY_SANDBOX, namespace + "/" + sandbox);
  }

  /** Every cached allocated pod. */
  public List<V1Pod> allocatedPods() {
    return pods.getIndexer().list().stream()
        .filter(
            p ->
                Labels.POD_STATE_ALLOCATED.equals(
                    p.getMetadata().getLabels().get(Labels.POD_STATE)))
        .toList();
  }

  private static <T extends KubernetesObject> Optional<T> get(
      SharedIndexInformer<T> informer, String namespace, String name) {
    return Optional.ofNullable(informer.getIndexer().getByKey(namespace + "/" + name));
  }

  private static List<String> key(KubernetesObject object, String name) {
    return name == null ? List.of() : List.of(object.getMetadata().getNamespace() + "/" + name);
  }
}
