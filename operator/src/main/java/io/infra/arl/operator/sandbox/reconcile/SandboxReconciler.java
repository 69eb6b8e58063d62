package io.infra.arl.operator.sandbox.reconcile;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxList;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxStatus;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.cluster.StaleGuard;
import io.infra.arl.operator.cluster.StatusWriter;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.infra.arl.operator.ttl.plan.ReleaseReason;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each Sandbox a pod of its pool, through the same lease protocol as the gateway, and holds
 * it (renewing the lease) until a deadline, its Task (without keepAlive), a lost lease or the
 * object's deletion releases it. A finalizer guarantees the release; the lease owner is written to
 * the Sandbox before the first claim so that a retried claim recognises its own lease. Records of
 * gateways' claims are left to {@link GatewayRecords}.
 */
public final class SandboxReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxReconciler.class);
  private static final Duration RETRY_CLAIM = Duration.ofSeconds(2);

  private final ClusterCache cache;
  private final GenericKubernetesApi<Sandbox, SandboxList> sandboxes;
  private final StatusWriter statuses;
  private final PodClaimer claimer;
  private final PodReleaser releaser;
  private final SandboxHolder holder;
  private final Clock clock;
  private final StaleGuard stale = new StaleGuard();
  private final GatewayRecords gatewayRecords;

  /** A reconciler on {@code client}, reading {@code cache}. */
  public SandboxReconciler(
      ApiClient client,
      ClusterCache cache,
      LeaseStore leases,
      SidecarClient sidecars,
      Duration leaseTtl,
      Duration reapGrace,
      Clock clock) {
    this.cache = cache;
    this.sandboxes = ArlResources.sandboxes(client);
    this.statuses = new StatusWriter(client);
    PodWriter pods = new PodWriter(client);
    this.claimer = new PodClaimer(cache, leases, sidecars, pods, leaseTtl);
    this.releaser = new PodReleaser(leases, sidecars, pods);
    this.holder = new SandboxHolder(cache, claimer, leaseTtl, clock);
    this.clock = clock;
    this.gatewayRecords = new GatewayRecords(cache, sandboxes, reapGrace, clock);
  }

  @Override
  public Result reconcile(Request request) {
    String key = request.getNamespace() + "/" + request.getName();
    Optional<Sandbox> found = cache.sandbox(request.getNamespace(), request.getName());
    if (found.isEmpty()) {
      stale.forget(key);
      return new Result(false);
    }
    if (stale.isStale(key, found.get().status())) {
      // Our last status write has not reached the cache yet; its watch event wakes us again.
      return new Result(false);
    }
    try {
      Sandbox sandbox = found.get();
      if (GatewayRecords.isRecord(sandbox)) {
        return gatewayRecords.reconcile(sandbox);
      }
      if (sandbox.getMetadata().getDeletionTimestamp() != null) {
        return finish(sandbox);
      }
      if (owner(sandbox) == null || !hasFinalizer(sandbox)) {
        sandbox = prepare(sandbox);
      }
      SandboxStatus status = sandbox.status();
      if (status == null || status.podName() == null) {
        return claim(sandbox);
      }
      return apply(sandbox, holder.decide(sandbox));
    } catch (ApiException e) {
      throw new IllegalStateException(
          "apiserver refused: " + e.getCode() + " " + e.getResponseBody(), e);
    }
  }

  private Result claim(Sandbox sandbox) throws ApiException {
    String namespace = sandbox.getMetadata().getNamespace();
    String poolName = sandbox.spec().poolRef();
    Instant now = clock.instant();
    if (cache.pool(namespace, poolName).isEmpty()) {
      write(
          sandbox,
          SandboxStatuses.pending(
              sandbox, "PoolNotFound", "WarmPool " + poolName + " does not exist", now));
      return new Result(false);
    }
    Map<String, V1Pod> candidates =
        claimer.candidates(namespace, poolName, sandbox.getMetadata().getName());
    Optional<Claim> claim =
        candidates.isEmpty() ? Optional.empty() : claimer.claim(candidates, owner(sandbox));
    if (claim.isEmpty()) {
      write(
          sandbox,
          SandboxStatuses.pending(
              sandbox, "NoReadyPod", "no ready pod in WarmPool " + poolName, now));
      // Pod events of the pool wake this Sandbox; the retry only covers pods leased by others.
      return candidates.isEmpty() ? new Result(false) : new Result(true, RETRY_CLAIM);
    }
    record(sandbox, claim.get(), now);
    return new Result(true, holder.renewInterval());
  }

  // The claim is recorded in the Sandbox status first (the durable record), then on the pod.
  private void record(Sandbox sandbox, Claim claim, Instant now) throws ApiException {
    V1Pod pod = claim.pod();
    Lease lease = claim.lease();
    String podName = pod.getMetadata().getName();
    write(
        sandbox,
        SandboxStatuses.held(
            sandbox,
            SandboxPhase.READY,
            podName,
            pod.getStatus().getPodIP(),
            lease.sandboxId(),
            now,
            now,
            now));
    claimer.markAllocated(pod, sandbox.getMetadata().getName(), lease, now);
    LOG.info(
        "Claimed pod sandbox={}/{} pod={} token={}",
        sandbox.getMetadata().getNamespace(),
        sandbox.getMetadata().getName(),
        podName,
        lease.fencingToken());
  }

  private Result apply(Sandbox sandbox, SandboxHolder.Decision decision) throws ApiException {
    switch (decision.action()) {
      case DELETE -> {
        sandboxes.delete(sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName());
        LOG.info(
            "Deleted sandbox sandbox={}/{} reason=ttlSecondsAfterFinished",
            sandbox.getMetadata().getNamespace(),
            sandbox.getMetadata().getName());
        return new Result(false);
      }
      case RELEASE -> {
        release(sandbox, decision.reason());
        return new Result(false);
      }
      default -> {
        if (decision.status() != null) {
          write(sandbox, decision.status());
        }
        return decision
            .requeueAfter()
            .map(d -> new Result(true, d))
            .orElseGet(() -> new Result(false));
      }
    }
  }

  private void release(Sandbox sandbox, ReleaseReason reason) throws ApiException {
    SandboxStatus status = sandbox.status();
    String namespace = sandbox.getMetadata().getNamespace();
    V1Pod pod = cache.pod(namespace, status.podName()).orElse(null);
    if (reason != ReleaseReason.LEASE_LOST) {
      releaser.release(pod, policy(sandbox), status.sandboxId(), owner(sandbox));
    }
    write(
        sandbox,
        SandboxStatuses.released(
            sandbox, reason.reason(), "pod " + status.podName() + " released", clock.instant()));
    LOG.info(
        "Released sandbox sandbox={}/{} reason={}",
        namespace,
        sandbox.getMetadata().getName(),
        reason.reason());
  }

  // Deletion: release the pod if still held, then let the object go.
  private Result finish(Sandbox sandbox) throws ApiException {
    if (!hasFinalizer(sandbox)) {
      return new Result(false);
    }
    SandboxStatus status = sandbox.status();
    if (status != null
        && status.podName() != null
        && status.releasedAt() == null
        && owner(sandbox) != null) {
      V1Pod pod = cache.pod(sandbox.getMetadata().getNamespace(), status.podName()).orElse(null);
      releaser.release(pod, policy(sandbox), status.sandboxId(), owner(sandbox));
      LOG.info(
          "Released sandbox sandbox={}/{} reason=Deleted",
          sandbox.getMetadata().getNamespace(),
          sandbox.getMetadata().getName());
    }
    List<String> finalizers = new ArrayList<>(sandbox.getMetadata().getFinalizers());
    finalizers.remove(Labels.SANDBOX_FINALIZER);
    patchMetadata(sandbox, finalizers, null);
    return new Result(false);
  }

  private Sandbox prepare(Sandbox sandbox) throws ApiException {
    List<String> finalizers =
        new ArrayList<>(
            Optional.ofNullable(sandbox.getMetadata().getFinalizers()).orElse(List.of()));
    if (!finalizers.contains(Labels.SANDBOX_FINALIZER)) {
      finalizers.add(Labels.SANDBOX_FINALIZER);
    }
    String owner = owner(sandbox) != null ? owner(sandbox) : "operator/" + UUID.randomUUID();
    return patchMetadata(sandbox, finalizers, owner);
  }

  // A merge patch that carries the resource version: it fails on a stale cache instead of racing.
  private Sandbox patchMetadata(Sandbox sandbox, List<String> finalizers, String owner)
      throws ApiException {
    JsonObject metadata = new JsonObject();
    metadata.addProperty("resourceVersion", sandbox.getMetadata().getResourceVersion());
    JsonArray list = new JsonArray();
    finalizers.forEach(list::add);
    metadata.add("finalizers", list);
    if (owner != null) {
      JsonObject annotations = new JsonObject();
      annotations.addProperty(Labels.SANDBOX_LEASE_OWNER, owner);
      metadata.add("annotations", annotations);
    }
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    return sandboxes
        .patch(
            sandbox.getMetadata().getNamespace(),
            sandbox.getMetadata().getName(),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
            new V1Patch(patch.toString()))
        .throwsApiException()
        .getObject();
  }

  private void write(Sandbox sandbox, SandboxStatus status) throws ApiException {
    if (!status.equals(sandbox.status())
        && statuses.write(ArlResources.SANDBOXES, sandbox, sandboxes, s -> s.withStatus(status))) {
      stale.wrote(
          sandbox.getMetadata().getNamespace() + "/" + sandbox.getMetadata().getName(), status);
    }
  }

  private ReleasePolicy policy(Sandbox sandbox) {
    return cache
        .pool(sandbox.getMetadata().getNamespace(), sandbox.spec().poolRef())
        .map(WarmPool::spec)
        .map(spec -> spec.releasePolicyOrDefault())
        .orElse(ReleasePolicy.DELETE);
  }

  static String owner(Sandbox sandbox) {
    Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.SANDBOX_LEASE_OWNER);
  }

  private static boolean hasFinalizer(Sandbox sandbox) {
    List<String> finalizers = sandbox.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(Labels.SANDBOX_FINALIZER);
  }
}
