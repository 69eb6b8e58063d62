package io.infra.arl.operator.warmpool.reconcile;

import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolStatus;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.cluster.StatusWriter;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.warmpool.model.PoolObservation;
import io.infra.arl.operator.warmpool.model.PoolPod;
import io.infra.arl.operator.warmpool.plan.PodDeletion;
import io.infra.arl.operator.warmpool.plan.WarmPoolPlan;
import io.infra.arl.operator.warmpool.plan.WarmPoolPlanner;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps each WarmPool at {@code spec.replicas} ready, unclaimed pods: load (cache + expectations)
 * -> plan ({@link WarmPoolPlanner}) -> apply ({@link PodChanges}) -> status rebuilt from what is
 * observed after applying -> requeue at the next startup deadline.
 */
public final class WarmPoolReconciler implements Reconciler {

  /** Shortest time between two status writes of one pool. */
  static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);

  private final ClusterCache cache;
  private final StatusWriter statuses;
  private final ApiClient client;
  private final Expectations expectations;
  private final PodChanges changes;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Map<String, String> createErrors = new ConcurrentHashMap<>();
  private final Surpluses surpluses = new Surpluses();
  private final Map<String, Instant> lastStatusWrites = new ConcurrentHashMap<>();
  private final Duration scaleDownDelay;

  /** A reconciler over {@code cache}, writing through {@code client}. */
  public WarmPoolReconciler(
      ApiClient client,
      ClusterCache cache,
      Expectations expectations,
      LeaseStore leases,
      RefillTimer refills,
      OperatorConfig config,
      OperatorMetrics metrics,
      Clock clock) {
    this.client = client;
    this.cache = cache;
    this.statuses = new StatusWriter(client);
    this.expectations = expectations;
    this.metrics = metrics;
    this.clock = clock;
    this.scaleDownDelay = config.scaleDownDelay();
    this.changes =
        new PodChanges(
            new PodWriter(client),
            new PoolPodBuilder(config),
            expectations,
            leases,
            refills,
            metrics,
            config.leaseTtl());
  }

  @Override
  public Result reconcile(Request request) {
    String key = request.getNamespace() + "/" + request.getName();
    Optional<WarmPool> found = cache.pool(request.getNamespace(), request.getName());
    if (found.isEmpty()) {
      expectations.forget(key);
      createErrors.remove(key);
      surpluses.forget(key);
      lastStatusWrites.remove(key);
      changes.deleteOrphans(
          key,
          cache.podsOfPool(request.getNamespace(), request.getName()).stream()
              .filter(p -> PodReadiness.isUnclaimed(p) && !PodReadiness.isTerminating(p))
              .toList());
      return new Result(false);
    }
    WarmPool pool = found.get();
    int replicas = pool.spec().replicasOrZero();
    Instant surplusSince = surpluses.since(key, replicas);
    WarmPoolPlan plan = WarmPoolPlanner.plan(observe(pool, key, 0, 0, surplusSince));
    Optional<String> createError =
        changes.apply(
            pool, plan, byName(cache.podsOfPool(request.getNamespace(), request.getName())));
    createError.ifPresentOrElse(e -> createErrors.put(key, e), () -> createErrors.remove(key));
    // The status describes the pool after this pass's changes, as the expectations record them.
    WarmPoolPlan after =
        WarmPoolPlanner.plan(
            observe(
                pool,
                key,
                count(plan, PodDeletion.Reason.FAILED),
                count(plan, PodDeletion.Reason.STARTUP_TIMEOUT),
                surplusSince));
    surpluses.record(key, replicas, after.surplus(), surplusSince, clock.instant());
    Optional<Duration> statusWait = writeStatus(pool, key, after.status());
    publish(pool, after.status());
    if (createError.isPresent()) {
      return new Result(true);
    }
    Optional<Duration> requeue = after.requeueAfter();
    if (statusWait.isPresent()
        && (requeue.isEmpty() || statusWait.get().compareTo(requeue.get()) < 0)) {
      requeue = statusWait;
    }
    return requeue.map(d -> new Result(true, d)).orElseGet(() -> new Result(false));
  }

  private static int count(WarmPoolPlan plan, PodDeletion.Reason reason) {
    return (int) plan.toDelete().stream().filter(d -> d.reason() == reason).count();
  }

  private PoolObservation observe(
      WarmPool pool, String key, int failedNow, int stuckNow, Instant surplusSince) {
    List<V1Pod> cached =
        cache.podsOfPool(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    Set<String> present =
        cached.stream()
            .filter(p -> !PodReadiness.isTerminating(p))
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());
    Expectations.Pending pending = expectations.settle(key, present);
    Instant now = clock.instant();
    List<PoolPod> pods =
        cached.stream()
            .filter(p -> !pending.deletions().contains(p.getMetadata().getName()))
            .map(p -> PoolPods.view(p, now))
            .toList();
    WarmPoolStatus status = pool.status();
    return new PoolObservation(
        pool.getMetadata().getNamespace(),
        pool.getMetadata().getName(),
        Objects.requireNonNullElse(pool.getMetadata().getGeneration(), 0L),
        pool.spec(),
        pods,
        pending.creations().size(),
        failedNow,
        stuckNow,
        status == null ? null : status.conditions(),
        createErrors.get(key),
        now,
        surplusSince,
        scaleDownDelay);
  }

  /**
   * Writes the status unless it is unchanged, at most once per {@link #STATUS_INTERVAL} per pool: a
   * busy pool changes its counts with every claim and return, and each write is an apiserver write
   * plus a watch event to every gateway. Returns how long to wait before the skipped write.
   */
  private Optional<Duration> writeStatus(WarmPool pool, String key, WarmPoolStatus status) {
    if (status.equals(pool.status())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant last = lastStatusWrites.get(key);
    if (last != null && now.isBefore(last.plus(STATUS_INTERVAL))) {
      return Optional.of(Duration.between(now, last.plus(STATUS_INTERVAL)));
    }
    lastStatusWrites.put(key, now);
    try {
      statuses.write(
          ArlResources.WARMPOOLS, pool, ArlResources.warmPools(client), p -> p.withStatus(status));
    } catch (ApiException e) {
      throw new IllegalStateException(
          "Status of pool "
              + PodChanges.key(pool)
              + " refused: "
              + e.getCode()
              + " "
              + e.getResponseBody(),
          e);
    }
    return Optional.empty();
  }

  private void publish(WarmPool pool, WarmPoolStatus status) {
    metrics.poolPods(
        pool.getMetadata().getNamespace(),
        pool.getMetadata().getName(),
        status.ready(),
        status.creating(),
        status.allocated(),
        status.failed());
  }

  private static Map<String, V1Pod> byName(List<V1Pod> pods) {
    return pods.stream()
        .collect(
            Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }
}
