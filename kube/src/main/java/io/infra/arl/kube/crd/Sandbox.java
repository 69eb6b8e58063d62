package io.infra.arl.kube.crd;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * A workspace claimed by kubectl: one pod of {@code spec.poolRef}, won through the same lease
 * protocol as the gateway, held until released. Short name {@code sb}.
 *
 * @param apiVersion {@value ArlResources#API_VERSION}
 * @param kind {@value #KIND}
 * @param metadata standard object metadata
 * @param spec the desired sandbox
 * @param status the sandbox as last observed by the operator
 */
public record Sandbox(
    String apiVersion, String kind, V1ObjectMeta metadata, SandboxSpec spec, SandboxStatus status)
    implements KubernetesObject {

  /** The kind. */
  public static final String KIND = "Sandbox";

  /** A new sandbox object (no status) for {@code create}. */
  public static Sandbox of(V1ObjectMeta metadata, SandboxSpec spec) {
    return new Sandbox(ArlResources.API_VERSION, KIND, metadata, spec, null);
  }

  /** This sandbox with another status. */
  public Sandbox withStatus(SandboxStatus newStatus) {
    return new Sandbox(apiVersion, kind, metadata, spec, newStatus);
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }
}
