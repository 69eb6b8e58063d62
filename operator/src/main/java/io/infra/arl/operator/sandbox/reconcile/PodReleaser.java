package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.PodWriter;
import io.infra.arl.operator.sidecar.SidecarCallException;
import io.infra.arl.operator.sidecar.SidecarClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a Sandbox's pod according to its pool's {@code releasePolicy}: Delete removes the pod;
 * Reset kills its processes and empties its workspace through the sidecar, then offers it again.
 * The lease is released last (compare-and-delete), so the pod is never claimable before it is
 * clean.
 */
final class PodReleaser {

  private static final Logger LOG = LoggerFactory.getLogger(PodReleaser.class);

  private final LeaseStore leases;
  private final SidecarClient sidecars;
  private final PodWriter pods;

  PodReleaser(LeaseStore leases, SidecarClient sidecars, PodWriter pods) {
    this.leases = leases;
    this.sidecars = sidecars;
    this.pods = pods;
  }

  /**
   * Releases {@code pod} (null when it is already gone) held under {@code sandboxId} by {@code
   * owner}.
   */
  void release(V1Pod pod, ReleasePolicy policy, String sandboxId, String owner)
      throws ApiException {
    Optional<Lease> lease = leases.get(sandboxId).filter(l -> l.owner().equals(owner));
    if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) {
      boolean reset = policy == ReleasePolicy.RESET && lease.isPresent() && reset(pod, lease.get());
      if (!reset) {
        pods.delete(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid());
      }
      LOG.info("Released pod sandbox={} policy={} reset={}", sandboxId, policy, reset);
    }
    leases.release(sandboxId, owner);
  }

  private boolean reset(V1Pod pod, Lease lease) throws ApiException {
    try {
      sidecars.reset(pod.getStatus().getPodIP(), PodClaimer.credentials(lease));
    } catch (SidecarCallException e) {
      LOG.warn(
          "Failed to reset sandbox={} error={}; deleting its pod",
          lease.sandboxId(),
          e.getMessage());
      return false;
    }
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.POD_STATE, Labels.POD_STATE_READY);
    labels.put(Labels.SANDBOX, null);
    Map<String, String> annotations = new HashMap<>();
    annotations.put(Labels.CLAIM_SANDBOX_ID, null);
    annotations.put(Labels.CLAIM_HOLDER, null);
    annotations.put(Labels.CLAIM_FENCING_TOKEN, null);
    annotations.put(Labels.CLAIM_CLAIMED_AT, null);
    return pods.patchMetadata(
        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), labels, annotations);
  }
}
