package io.infra.arl.kube;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the claim annotations a claimer writes on a pod ({@link Labels#CLAIM_FENCING_TOKEN} and its
 * siblings), the same way for the gateway and the operator.
 */
public final class ClaimAnnotations {

  private ClaimAnnotations() {}

  /** The fencing token of the claim annotated on the pod; empty when none or not a number. */
  public static OptionalLong fencingToken(V1Pod pod) {
    Map<String, String> annotations =
        pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(Labels.CLAIM_FENCING_TOKEN);
    try {
      return token == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(token));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
