package io.infra.arl.kube.crd;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * A pool of pre-created pods kept at {@code spec.replicas} ready, unclaimed pods (claimed pods do
 * not count). Short name {@code wp}.
 *
 * @param apiVersion {@value ArlResources#API_VERSION}
 * @param kind {@value #KIND}
 * @param metadata standard object metadata
 * @param spec the desired pool
 * @param status the pool as last observed by the operator
 */
public record WarmPool(
    String apiVersion, String kind, V1ObjectMeta metadata, WarmPoolSpec spec, WarmPoolStatus status)
    implements KubernetesObject {

  /** The kind. */
  public static final String KIND = "WarmPool";

  /** A new pool object (no status) for {@code create}. */
  public static WarmPool of(V1ObjectMeta metadata, WarmPoolSpec spec) {
    return new WarmPool(ArlResources.API_VERSION, KIND, metadata, spec, null);
  }

  /** This pool with another status. */
  public WarmPool withStatus(WarmPoolStatus newStatus) {
    return new WarmPool(apiVersion, kind, metadata, spec, newStatus);
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
