package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.kube.ClaimAnnotations;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseArguments;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.sidecar.LeaseCredentials;
import io.infra.arl.operator.sidecar.SidecarCallException;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wins a ready pod for a Sandbox exactly as the gateway does (gateway/README.md "How a claim
 * works"): one {@link LeaseStore#acquireFirst} over candidate sandbox ids with the Sandbox's owner,
 * then {@code Bind} of the pod's sidecar to {@code <sandbox id>#<fencing token>}, then the pod is
 * labelled allocated. Pods labelled for this Sandbox come first among the candidates, and every
 * ready pod is offered, so a claim retried after a crash finds the lease it already won.
 */
final class PodClaimer {

  private static final Logger LOG = LoggerFactory.getLogger(PodClaimer.class);

  private final ClusterCache cache;
  private final LeaseStore leases;
  private final SidecarClient sidecars;
  private final PodWriter pods;
  private final Duration leaseTtl;

  PodClaimer(
      ClusterCache cache,
      LeaseStore leases,
      SidecarClient sidecars,
      PodWriter pods,
      Duration leaseTtl) {
    this.cache = cache;
    this.leases = leases;
    this.sidecars = sidecars;
    this.pods = pods;
    this.leaseTtl = leaseTtl;
  }

  /** Candidate pods of {@code pool} for Sandbox {@code sandbox}, by sandbox id, in order. */
  Map<String, V1Pod> candidates(String namespace, String pool, String sandbox) {
    Map<String, V1Pod> ordered = new LinkedHashMap<>();
    List<V1Pod> ready = new ArrayList<>();
    for (V1Pod pod : cache.podsOfPool(namespace, pool)) {
      if (sandbox.equals(pod.getMetadata().getLabels().get(Labels.SANDBOX))
          && PodReadiness.isServing(pod)) {
        ordered.put(SandboxIds.of(namespace, pod.getMetadata().getName()), pod);
      } else if (PodReadiness.isReady(pod)) {
        ready.add(pod);
      }
    }
    // Spread concurrent claims (and the gateway's) over the pool instead of racing for one pod.
    Collections.shuffle(ready);
    for (V1Pod pod : ready) {
      if (ordered.size() == LeaseArguments.MAX_CANDIDATES) {
        break;
      }
      ordered.put(SandboxIds.of(namespace, pod.getMetadata().getName()), pod);
    }
    return ordered;
  }

  /** Takes the lease of the first free candidate and binds its sidecar; empty if none. */
  Optional<Claim> claim(Map<String, V1Pod> candidates, String owner) {
    Optional<Lease> won = leases.acquireFirst(List.copyOf(candidates.keySet()), owner, leaseTtl);
    if (won.isEmpty()) {
      return Optional.empty();
    }
    Lease lease = won.get();
    V1Pod pod = candidates.get(lease.sandboxId());
    try {
      sidecars.bind(pod.getStatus().getPodIP(), credentials(lease));
      return Optional.of(new Claim(pod, lease));
    } catch (SidecarCallException e) {
      leases.release(lease.sandboxId(), owner);
      LOG.warn("Failed to bind sidecar sandbox={} error={}", lease.sandboxId(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Renews the lease of a held pod. When the store lost it (Redis restarted empty, or it lapsed
   * while the operator was down) and nobody else took it, it is restored with the token recorded on
   * the pod, so the sidecar's binding, and any Task running under it, carries on; without a
   * recorded token it is won again and the sidecar re-bound. Empty when another owner holds the
   * pod.
   */
  Optional<Lease> keep(V1Pod pod, String sandboxId, String owner) {
    OptionalLong token = ClaimAnnotations.fencingToken(pod);
    if (token.isPresent()) {
      return leases.renewOrRestore(
          new Lease(sandboxId, owner, token.getAsLong(), Instant.EPOCH), leaseTtl);
    }
    Optional<Lease> renewed = leases.renew(sandboxId, owner, leaseTtl);
    if (renewed.isPresent()) {
      return renewed;
    }
    Optional<Lease> again = leases.acquireFirst(List.of(sandboxId), owner, leaseTtl);
    if (again.isEmpty()) {
      return Optional.empty();
    }
    try {
      sidecars.bind(pod.getStatus().getPodIP(), credentials(again.get()));
      LOG.info("Recovered lease sandbox={} token={}", sandboxId, again.get().fencingToken());
      return again;
    } catch (SidecarCallException e) {
      leases.release(sandboxId, owner);
      return Optional.empty();
    }
  }

  /** Labels the pod allocated to {@code sandbox} and records the claim in its annotations. */
  boolean markAllocated(V1Pod pod, String sandbox, Lease lease, Instant claimedAt)
      throws ApiException {
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.POD_STATE, Labels.POD_STATE_ALLOCATED);
    labels.put(Labels.SANDBOX, sandbox);
    Map<String, String> annotations = new HashMap<>();
    annotations.put(Labels.CLAIM_SANDBOX_ID, lease.sandboxId());
    annotations.put(Labels.CLAIM_HOLDER, Labels.HOLDER_OPERATOR);
    annotations.put(Labels.CLAIM_FENCING_TOKEN, Long.toString(lease.fencingToken()));
    annotations.put(Labels.CLAIM_CLAIMED_AT, claimedAt.toString());
    return pods.patchMetadata(
        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), labels, annotations);
  }

  /** Whether the pod carries the allocation marks of {@code sandbox}. */
  static boolean isMarked(V1Pod pod, String sandbox) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return Labels.POD_STATE_ALLOCATED.equals(labels.get(Labels.POD_STATE))
        && sandbox.equals(labels.get(Labels.SANDBOX));
  }

  static LeaseCredentials credentials(Lease lease) {
    return new LeaseCredentials(lease.sandboxId(), lease.fencingToken());
  }
}
