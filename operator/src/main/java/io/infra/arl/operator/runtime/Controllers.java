package io.infra.arl.operator.runtime;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.sandbox.reconcile.SandboxReconciler;
import io.infra.arl.operator.sidecar.SidecarChannels;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.infra.arl.operator.task.reconcile.TaskReconciler;
import io.infra.arl.operator.task.reconcile.TaskRunner;
import io.infra.arl.operator.ttl.reconcile.AllocatedPodReaper;
import io.infra.arl.operator.warmpool.reconcile.Expectations;
import io.infra.arl.operator.warmpool.reconcile.RefillTimer;
import io.infra.arl.operator.warmpool.reconcile.WarmPoolReconciler;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.builder.ControllerBuilder;
import io.kubernetes.client.extended.controller.builder.DefaultControllerBuilder;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Builds the operator's four controllers on the shared informer caches, with their watches: which
 * events wake which objects.
 *
 * <ul>
 *   <li>warmpool: the pool, and any event of one of its pods
 *   <li>sandbox: the Sandbox; the pod labelled for it; every Pending Sandbox of a pool when one of
 *       its pods changes; its Tasks
 *   <li>task: the Task; every Task of a Sandbox when the Sandbox changes
 *   <li>pod-reaper: allocated pods
 * </ul>
 */
public final class Controllers implements AutoCloseable {

  private final ApiClient client;
  private final ClusterCache cache;
  private final LeaseStore leases;
  private final OperatorConfig config;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Expectations expectations;
  private final RefillTimer refills;
  private final SidecarChannels channels = new SidecarChannels();
  private final SidecarClient sidecars;
  private final TaskRunner tasks = new TaskRunner();

  Controllers(
      ApiClient client,
      ClusterCache cache,
      LeaseStore leases,
      OperatorConfig config,
      OperatorMetrics metrics,
      Clock clock) {
    this.client = client;
    this.cache = cache;
    this.leases = leases;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.expectations = new Expectations(clock);
    this.refills = new RefillTimer(clock);
    this.sidecars = new SidecarClient(channels, config.sidecarCallTimeout());
  }

  /** The pod creations and deletions in flight. */
  public Expectations expectations() {
    return expectations;
  }

  /** The metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  Controller[] build() {
    return new Controller[] {warmPools(), sandboxes(), taskController(), reaper()};
  }

  private Controller warmPools() {
    Reconciler reconciler =
        new WarmPoolReconciler(
            client, cache, expectations, leases, refills, config, metrics, clock);
    return builder("warmpool", queue(), reconciler)
        .watch(q -> new FanOutWatch<>(WarmPool.class, q, Controllers::self))
        .watch(q -> new FanOutWatch<>(V1Pod.class, q, Controllers::poolOf, this::podChanged))
        .build();
  }

  private Controller sandboxes() {
    Reconciler reconciler =
        new SandboxReconciler(
            client, cache, leases, sidecars, config.leaseTtl(), config.reapGrace(), clock);
    return builder("sandbox", queue(), reconciler)
        .watch(q -> new FanOutWatch<>(Sandbox.class, q, Controllers::self))
        .watch(q -> new FanOutWatch<>(V1Pod.class, q, this::sandboxesOfPod))
        .watch(q -> new FanOutWatch<>(Task.class, q, Controllers::sandboxOf))
        .watch(q -> new FanOutWatch<>(WarmPool.class, q, this::pendingSandboxes))
        .build();
  }

  private Controller taskController() {
    RateLimitingQueue<Request> queue = queue();
    Reconciler reconciler =
        new TaskReconciler(client, cache, leases, sidecars, tasks, metrics, clock, () -> queue);
    return builder("task", queue, reconciler)
        .watch(q -> new FanOutWatch<>(Task.class, q, Controllers::self))
        .watch(q -> new FanOutWatch<>(Sandbox.class, q, this::tasksOf))
        .build();
  }

  private Controller reaper() {
    Reconciler reconciler =
        new AllocatedPodReaper(
            cache,
            leases,
            new PodWriter(client),
            config.reapGrace(),
            !(leases instanceof InMemoryLeaseStore),
            metrics,
            clock);
    return builder("pod-reaper", queue(), reconciler)
        .watch(
            q ->
                new FanOutWatch<>(
                    V1Pod.class, q, p -> PodReadiness.isAllocated(p) ? self(p) : List.of()))
        .build();
  }

  private DefaultControllerBuilder builder(
      String name, RateLimitingQueue<Request> queue, Reconciler reconciler) {
    return ControllerBuilder.defaultBuilder(cache.factory())
        .withName(name)
        .withWorkQueue(queue)
        .withWorkerCount(config.workers())
        .withReadyFunc(cache::hasSynced)
        .withReconciler(new MeteredReconciler(name, reconciler, metrics));
  }

  private static RateLimitingQueue<Request> queue() {
    return new DefaultRateLimitingQueue<>(Executors.newSingleThreadExecutor());
  }

  // A pool lost an unclaimed pod (claimed, failed or deleted): the refill clock starts now. A
  // deleted pod's sidecar channel is closed.
  private void podChanged(V1Pod before, V1Pod after) {
    V1Pod seen = after == null ? before : after;
    String pool = label(seen, Labels.WARMPOOL);
    if (pool != null) {
      expectations.observed(
          key(seen.getMetadata().getNamespace(), pool), seen.getMetadata().getName());
    }
    if (after == null && before.getStatus() != null && before.getStatus().getPodIP() != null) {
      channels.evict(before.getStatus().getPodIP());
    }
    if (before == null || !PodReadiness.isUnclaimed(before) || PodReadiness.isTerminating(before)) {
      return;
    }
    boolean lost =
        after == null
            || !PodReadiness.isUnclaimed(after)
            || PodReadiness.isTerminating(after)
            || PodReadiness.isFinished(after);
    if (lost) {
      refills.lost(key(before.getMetadata().getNamespace(), label(before, Labels.WARMPOOL)));
    }
  }

  private List<Request> sandboxesOfPod(V1Pod pod) {
    List<Request> requests = new ArrayList<>();
    String sandbox = label(pod, Labels.SANDBOX);
    if (sandbox != null) {
      requests.add(new Request(pod.getMetadata().getNamespace(), sandbox));
    }
    String pool = label(pod, Labels.WARMPOOL);
    if (pool != null && PodReadiness.isReady(pod)) {
      requests.addAll(pending(pod.getMetadata().getNamespace(), pool));
    }
    return requests;
  }

  private List<Request> pendingSandboxes(WarmPool pool) {
    return pending(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
  }

  private List<Request> pending(String namespace, String pool) {
    return cache.sandboxesOfPool(namespace, pool).stream()
        .filter(s -> s.status() == null || s.status().podName() == null)
        .map(Controllers::request)
        .toList();
  }

  private List<Request> tasksOf(Sandbox sandbox) {
    return cache
        .tasksOfSandbox(sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName())
        .stream()
        .map(Controllers::request)
        .toList();
  }

  private static List<Request> sandboxOf(Task task) {
    return task.spec() == null || task.spec().sandboxRef() == null
        ? List.of()
        : List.of(new Request(task.getMetadata().getNamespace(), task.spec().sandboxRef()));
  }

  private static List<Request> poolOf(V1Pod pod) {
    String pool = label(pod, Labels.WARMPOOL);
    return pool == null ? List.of() : List.of(new Request(pod.getMetadata().getNamespace(), pool));
  }

  private static List<Request> self(KubernetesObject object) {
    return List.of(request(object));
  }

  private static Request request(KubernetesObject object) {
    return new Request(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  private static String label(V1Pod pod, String key) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(key);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Stops task runs and closes sidecar connections. */
  @Override
  public void close() {
    tasks.close();
    channels.close();
  }
}
