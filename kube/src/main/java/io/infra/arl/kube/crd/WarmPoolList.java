package io.infra.arl.kube.crd;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;

/**
 * A list of WarmPools, as the apiserver returns it.
 *
 * @param apiVersion {@value ArlResources#API_VERSION}
 * @param kind {@code WarmPoolList}
 * @param metadata list metadata (resource version, continue token)
 * @param items the pools
 */
public record WarmPoolList(
    String apiVersion, String kind, V1ListMeta metadata, List<WarmPool> items)
    implements KubernetesListObject {

  @Override
  public V1ListMeta getMetadata() {
    return metadata;
  }

  @Override
  public List<WarmPool> getItems() {
    return items == null ? List.of() : items;
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
