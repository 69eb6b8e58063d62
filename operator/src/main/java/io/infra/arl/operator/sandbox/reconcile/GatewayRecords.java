package io.infra.arl.operator.sandbox.reconcile;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxList;
import io.infra.arl.operator.cluster.ClusterCache;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after the Sandbox objects gateways write as records of their claims (label {@code
 * arl.infra.io/claimed-by=gateway}): never claims for them, and deletes a record once its pod is
 * gone or no longer carries its claim (a crashed gateway never deletes its own). A record younger
 * than the grace is left alone, since the pod's allocated label may not have reached this cache.
 */
final class GatewayRecords {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayRecords.class);

  private final ClusterCache cache;
  private final GenericKubernetesApi<Sandbox, SandboxList> sandboxes;
  private final Duration grace;
  private final Clock clock;

  GatewayRecords(
      ClusterCache cache,
      GenericKubernetesApi<Sandbox, SandboxList> sandboxes,
      Duration grace,
      Clock clock) {
    this.cache = cache;
    this.sandboxes = sandboxes;
    this.grace = grace;
    this.clock = clock;
  }

  static boolean isRecord(Sandbox sandbox) {
    Map<String, String> labels = sandbox.getMetadata().getLabels();
    return labels != null && Labels.CLAIMED_BY_GATEWAY.equals(labels.get(Labels.CLAIMED_BY));
  }

  Result reconcile(Sandbox record) throws ApiException {
    Instant created =
        record.getMetadata().getCreationTimestamp() == null
            ? clock.instant()
            : record.getMetadata().getCreationTimestamp().toInstant();
    Duration age = Duration.between(created, clock.instant());
    if (age.compareTo(grace) < 0) {
      return new Result(true, grace.minus(age));
    }
    if (claimLives(record)) {
      return new Result(true, grace);
    }
    String namespace = record.getMetadata().getNamespace();
    String name = record.getMetadata().getName();
    var deleted = sandboxes.delete(namespace, name);
    if (deleted.getHttpStatusCode() != 404) {
      deleted.throwsApiException();
    }
    LOG.info("Deleted gateway claim record sandbox={}/{} reason=ClaimEnded", namespace, name);
    return new Result(false);
  }

  private boolean claimLives(Sandbox record) {
    String pod = record.getMetadata().getLabels().get(Labels.CLAIMED_POD);
    String token = annotation(record.getMetadata().getAnnotations());
    Optional<V1Pod> found = cache.pod(record.getMetadata().getNamespace(), pod == null ? "" : pod);
    return found.isPresent()
        && !PodReadiness.isTerminating(found.get())
        && PodReadiness.isAllocated(found.get())
        && Objects.equals(token, annotation(found.get().getMetadata().getAnnotations()));
  }

  private static String annotation(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(Labels.CLAIM_FENCING_TOKEN);
  }
}
