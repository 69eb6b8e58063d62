package io.infra.arl.operator.task.reconcile;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxStatus;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.TaskList;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.StaleGuard;
import io.infra.arl.operator.cluster.StatusWriter;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.sidecar.LeaseCredentials;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.infra.arl.operator.task.plan.SandboxView;
import io.infra.arl.operator.task.plan.TaskDurations;
import io.infra.arl.operator.task.plan.TaskPlan;
import io.infra.arl.operator.task.plan.TaskPlanner;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.extended.workqueue.WorkQueue;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Task once its Sandbox holds a pod, bound with the Sandbox's lease (looked up in the
 * lease store and checked against the Sandbox's owner); records the outcome; deletes the Task
 * {@code ttlSecondsAfterFinished} after it finished.
 */
public final class TaskReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(TaskReconciler.class);
  private static final Duration RETRY_LEASE = Duration.ofSeconds(1);

  private final ClusterCache cache;
  private final GenericKubernetesApi<Task, TaskList> tasks;
  private final StatusWriter statuses;
  private final LeaseStore leases;
  private final SidecarClient sidecars;
  private final TaskRunner runner;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Supplier<WorkQueue<Request>> queue;
  private final StaleGuard stale = new StaleGuard();

  /** A reconciler; {@code queue} is the controller's work queue, woken when a run ends. */
  public TaskReconciler(
      ApiClient client,
      ClusterCache cache,
      LeaseStore leases,
      SidecarClient sidecars,
      TaskRunner runner,
      OperatorMetrics metrics,
      Clock clock,
      Supplier<WorkQueue<Request>> queue) {
    this.cache = cache;
    this.tasks = ArlResources.tasks(client);
    this.statuses = new StatusWriter(client);
    this.leases = leases;
    this.sidecars = sidecars;
    this.runner = runner;
    this.metrics = metrics;
    this.clock = clock;
    this.queue = queue;
  }

  @Override
  public Result reconcile(Request request) {
    String key = request.getNamespace() + "/" + request.getName();
    Optional<Task> found = cache.task(request.getNamespace(), request.getName());
    if (found.isEmpty()) {
      stale.forget(key);
      return new Result(false);
    }
    Task task = found.get();
    if (stale.isStale(key, task.status())) {
      return new Result(false);
    }
    Optional<Sandbox> sandbox = cache.sandbox(request.getNamespace(), task.spec().sandboxRef());
    TaskPlan plan =
        TaskPlanner.plan(
            task.status(),
            task.spec().ttlSecondsAfterFinished(),
            runner.isRunning(key),
            view(sandbox),
            clock.instant());
    try {
      return switch (plan.action()) {
        case NONE ->
            plan.requeueAfter().map(d -> new Result(true, d)).orElseGet(() -> new Result(false));
        case DELETE -> delete(task);
        case WAIT -> {
          write(task, TaskStatuses.pending(task, plan.reason(), plan.message(), clock.instant()));
          yield new Result(false);
        }
        case FAIL -> {
          write(task, TaskStatuses.failed(task, plan.reason(), plan.message(), clock.instant()));
          metrics.taskFinished(false);
          yield new Result(false);
        }
        case START -> start(key, task, sandbox.orElseThrow());
      };
    } catch (ApiException e) {
      throw new IllegalStateException(
          "apiserver refused: " + e.getCode() + " " + e.getResponseBody(), e);
    }
  }

  private Result start(String key, Task task, Sandbox sandbox) throws ApiException {
    Optional<Lease> lease = heldLease(sandbox);
    if (lease.isEmpty()) {
      write(
          task,
          TaskStatuses.pending(
              task,
              "SandboxNotReady",
              "the Sandbox's lease is not held right now",
              clock.instant()));
      return new Result(true, RETRY_LEASE);
    }
    Duration timeout;
    try {
      timeout = TaskDurations.parse(task.spec().timeout());
    } catch (IllegalArgumentException e) {
      write(task, TaskStatuses.failed(task, "InvalidTimeout", e.getMessage(), clock.instant()));
      return new Result(false);
    }
    SandboxStatus status = sandbox.status();
    LeaseCredentials credentials =
        new LeaseCredentials(lease.get().sandboxId(), lease.get().fencingToken());
    TaskRun run =
        new TaskRun(
            task,
            status.podIP(),
            credentials,
            sidecars,
            clock,
            timeout,
            s -> publish(key, task, s));
    Request wake = new Request(task.getMetadata().getNamespace(), task.getMetadata().getName());
    if (runner.start(key, run, () -> queue.get().add(wake))) {
      LOG.info(
          "Started task task={} sandbox={} pod={}",
          key,
          sandbox.getMetadata().getName(),
          status.podName());
    }
    return new Result(false);
  }

  // The Sandbox's live lease, only if its owner is the Sandbox's (never another holder's).
  private Optional<Lease> heldLease(Sandbox sandbox) {
    Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(Labels.SANDBOX_LEASE_OWNER);
    return leases.get(sandbox.status().sandboxId()).filter(l -> l.owner().equals(owner));
  }

  private void publish(String key, Task task, TaskStatus status) {
    try {
      write(task, status);
    } catch (ApiException e) {
      LOG.warn("Failed to write task status task={} code={}", key, e.getCode());
      return;
    }
    if (status.isFinished()) {
      metrics.taskFinished(status.state() == TaskState.SUCCEEDED);
      LOG.info(
          "Finished task task={} state={} exitCode={}", key, status.state(), status.exitCode());
    }
  }

  private Result delete(Task task) {
    tasks.delete(task.getMetadata().getNamespace(), task.getMetadata().getName());
    LOG.info(
        "Deleted task task={}/{} reason=ttlSecondsAfterFinished",
        task.getMetadata().getNamespace(),
        task.getMetadata().getName());
    return new Result(false);
  }

  private void write(Task task, TaskStatus status) throws ApiException {
    if (status.equals(task.status())) {
      return;
    }
    if (statuses.write(ArlResources.TASKS, task, tasks, t -> t.withStatus(status))) {
      stale.wrote(task.getMetadata().getNamespace() + "/" + task.getMetadata().getName(), status);
    }
  }

  private static SandboxView view(Optional<Sandbox> sandbox) {
    if (sandbox.isEmpty()) {
      return SandboxView.MISSING;
    }
    SandboxStatus status = sandbox.get().status();
    if (status == null) {
      return new SandboxView(true, false, false);
    }
    boolean released = status.phase() == SandboxPhase.RELEASED;
    boolean usable =
        !released
            && (status.phase() == SandboxPhase.READY || status.phase() == SandboxPhase.BOUND)
            && status.podIP() != null
            && status.sandboxId() != null;
    return new SandboxView(true, usable, released);
  }
}
