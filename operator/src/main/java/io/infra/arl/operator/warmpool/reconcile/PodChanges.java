package io.infra.arl.operator.warmpool.reconcile;

import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.warmpool.plan.PodDeletion;
import io.infra.arl.operator.warmpool.plan.WarmPoolPlan;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a WarmPool plan's pod changes, recording each one in the {@link Expectations} before the
 * call so that no reconcile can miss it.
 *
 * <p>A ready pod removed by scale-down may be claimed by a gateway at the same moment, so its lease
 * is taken first (the same lease protocol as a claim); a pod whose lease someone holds is skipped.
 */
final class PodChanges {

  private static final Logger LOG = LoggerFactory.getLogger(PodChanges.class);

  private final PodWriter pods;
  private final PoolPodBuilder builder;
  private final Expectations expectations;
  private final LeaseStore leases;
  private final RefillTimer refills;
  private final OperatorMetrics metrics;
  private final Duration guardTtl;

  PodChanges(
      PodWriter pods,
      PoolPodBuilder builder,
      Expectations expectations,
      LeaseStore leases,
      RefillTimer refills,
      OperatorMetrics metrics,
      Duration guardTtl) {
    this.pods = pods;
    this.builder = builder;
    this.expectations = expectations;
    this.leases = leases;
    this.refills = refills;
    this.metrics = metrics;
    this.guardTtl = guardTtl;
  }

  /**
   * Deletes then creates as planned.
   *
   * @return why a creation failed, or empty when all succeeded
   */
  Optional<String> apply(WarmPool pool, WarmPoolPlan plan, Map<String, V1Pod> cached) {
    String key = key(pool);
    for (PodDeletion deletion : plan.toDelete()) {
      V1Pod pod = cached.get(deletion.pod());
      if (pod != null) {
        delete(key, pod, deletion.reason());
      }
    }
    for (int i = 0; i < plan.toCreate(); i++) {
      Optional<String> error = create(key, pool);
      if (error.isPresent()) {
        return error;
      }
    }
    return Optional.empty();
  }

  /** Deletes the unclaimed pods of a pool that no longer exists (no garbage collector needed). */
  void deleteOrphans(String key, List<V1Pod> unclaimed) {
    unclaimed.forEach(pod -> delete(key, pod, PodDeletion.Reason.SCALE_DOWN));
  }

  private Optional<String> create(String key, WarmPool pool) {
    String name = builder.newName(pool.getMetadata().getName());
    expectations.expectCreation(key, name);
    try {
      pods.create(builder.build(pool, name));
    } catch (ApiException e) {
      expectations.creationFailed(key, name);
      String message =
          e.getCode() + " " + Optional.ofNullable(e.getResponseBody()).orElse(e.getMessage());
      LOG.warn("Failed to create pod pool={} pod={} error={}", key, name, message);
      return Optional.of(message);
    }
    LOG.info("Created pod pool={} pod={}", key, name);
    refills.refilled(key).ifPresent(metrics::refilled);
    return Optional.empty();
  }

  private void delete(String key, V1Pod pod, PodDeletion.Reason reason) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Optional<Lease> guard = Optional.empty();
    if (reason == PodDeletion.Reason.SCALE_DOWN) {
      try {
        guard =
            leases.acquireFirst(
                List.of(SandboxIds.of(namespace, name)),
                "operator/scale-down/" + UUID.randomUUID(),
                guardTtl);
      } catch (LeaseStoreUnavailableException e) {
        LOG.warn("Skipped pod deletion pool={} pod={} reason=lease-store-unavailable", key, name);
        return;
      }
      if (guard.isEmpty()) {
        LOG.info("Skipped pod deletion pool={} pod={} reason=claimed", key, name);
        return;
      }
    }
    expectations.expectDeletion(key, name);
    try {
      pods.delete(namespace, name, pod.getMetadata().getUid());
      LOG.info("Deleted pod pool={} pod={} reason={}", key, name, reason);
    } catch (ApiException e) {
      expectations.deletionFailed(key, name);
      LOG.warn("Failed to delete pod pool={} pod={} code={}", key, name, e.getCode());
    } finally {
      guard.ifPresent(lease -> release(lease));
    }
  }

  private Optional<Lease> guard(String sandboxId) {
    try {
      return leases.acquireFirst(
          List.of(sandboxId), "operator/scale-down/" + UUID.randomUUID(), guardTtl);
    } catch (LeaseStoreUnavailableException e) {
      return Optional.empty();
    }
  }

  private void release(Lease lease) {
    try {
      leases.release(lease.sandboxId(), lease.owner());
    } catch (LeaseStoreUnavailableException e) {
      // The guard lease expires on its own; the pod it protected is gone.
    }
  }

  static String key(WarmPool pool) {
    return pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();
  }
}
