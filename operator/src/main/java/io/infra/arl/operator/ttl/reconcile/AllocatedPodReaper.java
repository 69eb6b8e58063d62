package io.infra.arl.operator.ttl.reconcile;

import io.infra.arl.kube.ClaimAnnotations;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.ttl.plan.Expiry;
import io.infra.arl.operator.ttl.plan.LeaseAbsence;
import io.infra.arl.operator.ttl.plan.LeaseAbsence.Verdict;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes allocated pods whose lease is gone or expired: the holder crashed (a gateway stops
 * renewing) or forgot the pod. A pod is looked at again exactly when its lease would expire. What
 * happens to one without a lease is {@link LeaseAbsence}'s rule: released by its holder, it goes
 * {@code arl.operator.reap-grace} after that release unless it was returned or claimed again
 * meanwhile; not released and past its last seen expiry, at once; gone early (an empty Redis
 * restart), after {@code reap-grace}, which covers a holder restoring its lease.
 *
 * <p>With the in-memory lease store the operator cannot see gateways' leases, so it reaps only the
 * pods it claimed itself (holder {@code operator}).
 */
public final class AllocatedPodReaper implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(AllocatedPodReaper.class);

  private final ClusterCache cache;
  private final LeaseStore leases;
  private final PodWriter pods;
  private final Duration grace;
  private final boolean seesGatewayLeases;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Map<String, Instant> leaseMissingSince = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastSeenExpiry = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSeenToken = new ConcurrentHashMap<>();

  /**
   * A reaper.
   *
   * @param seesGatewayLeases whether the lease store is shared with the gateways (Redis)
   */
  public AllocatedPodReaper(
      ClusterCache cache,
      LeaseStore leases,
      PodWriter pods,
      Duration grace,
      boolean seesGatewayLeases,
      OperatorMetrics metrics,
      Clock clock) {
    this.cache = cache;
    this.leases = leases;
    this.pods = pods;
    this.grace = grace;
    this.seesGatewayLeases = seesGatewayLeases;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Result reconcile(Request request) {
    String key = request.getNamespace() + "/" + request.getName();
    Optional<V1Pod> found = cache.pod(request.getNamespace(), request.getName());
    if (found.isEmpty()
        || !PodReadiness.isAllocated(found.get())
        || PodReadiness.isTerminating(found.get())) {
      forget(key);
      return new Result(false);
    }
    V1Pod pod = found.get();
    String holder = annotation(pod, Labels.CLAIM_HOLDER);
    if (!seesGatewayLeases && !Labels.HOLDER_OPERATOR.equals(holder)) {
      return new Result(false);
    }
    Instant now = clock.instant();
    String sandboxId = SandboxIds.of(request.getNamespace(), request.getName());
    Optional<Lease> lease = leases.get(sandboxId);
    if (lease.isPresent()) {
      leaseMissingSince.remove(key);
      lastSeenExpiry.put(key, lease.get().expiresAt());
      lastSeenToken.merge(key, lease.get().fencingToken(), Math::max);
      return new Result(true, Expiry.until(now, lease.get().expiresAt()));
    }
    Verdict verdict =
        LeaseAbsence.judge(
            leases.lastRelease(sandboxId).orElse(null),
            newestToken(key, pod),
            lastSeenExpiry.get(key),
            leaseMissingSince.computeIfAbsent(key, k -> now),
            grace,
            now);
    if (verdict.reason() == LeaseAbsence.Reason.RELEASED) {
      // A later absence that is not a release starts its own grace.
      leaseMissingSince.remove(key);
    }
    if (!verdict.isDue(now)) {
      return new Result(true, Expiry.until(now, verdict.reapAt()));
    }
    try {
      pods.delete(request.getNamespace(), request.getName(), pod.getMetadata().getUid());
    } catch (ApiException e) {
      throw new IllegalStateException(
          "delete refused: " + e.getCode() + " " + e.getResponseBody(), e);
    }
    forget(key);
    metrics.podReaped(verdict.reason().label());
    LOG.info("Reaped pod pod={} holder={} reason={}", key, holder, verdict.reason().label());
    return new Result(false);
  }

  /** The newest token known of the pod: annotated on it, or seen on its lease; null if none. */
  private Long newestToken(String key, V1Pod pod) {
    Long seen = lastSeenToken.get(key);
    OptionalLong annotated = ClaimAnnotations.fencingToken(pod);
    if (annotated.isEmpty()) {
      return seen;
    }
    return seen == null ? annotated.getAsLong() : Math.max(seen, annotated.getAsLong());
  }

  private void forget(String key) {
    leaseMissingSince.remove(key);
    lastSeenExpiry.remove(key);
    lastSeenToken.remove(key);
  }

  private static String annotation(V1Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
