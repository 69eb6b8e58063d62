package io.infra.arl.operator.cluster;

import io.infra.arl.kube.crd.ArlResources;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import java.net.HttpURLConnection;
import java.util.function.UnaryOperator;

/**
 * Writes the status subresource of ARL objects with a PUT (client-java 25's {@code
 * GenericKubernetesApi.updateStatus} sends a JSON patch the apiserver refuses).
 *
 * <p>The write carries the cached resource version; on a conflict it re-reads the object and writes
 * the same status again, because a status is rebuilt from observations and the operator is its only
 * writer.
 */
public final class StatusWriter {

  private final CustomObjectsApi api;

  /** A writer on {@code client}. */
  public StatusWriter(ApiClient client) {
    this.api = new CustomObjectsApi(client);
  }

  /**
   * Writes {@code withStatus.apply(object)}; returns false when the object no longer exists.
   *
   * @param plural the resource, e.g. {@link ArlResources#WARMPOOLS}
   * @param object the object as cached
   * @param reader reads the current object after a conflict
   * @param withStatus the object with the status to write
   * @throws ApiException when the apiserver refuses the status
   */
  public <T extends KubernetesObject, L extends KubernetesListObject> boolean write(
      String plural, T object, GenericKubernetesApi<T, L> reader, UnaryOperator<T> withStatus)
      throws ApiException {
    try {
      put(plural, withStatus.apply(object));
      return true;
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    String namespace = object.getMetadata().getNamespace();
    KubernetesApiResponse<T> current = reader.get(namespace, object.getMetadata().getName());
    if (current.getHttpStatusCode() == HttpURLConnection.HTTP_NOT_FOUND) {
      return false;
    }
    put(plural, withStatus.apply(current.throwsApiException().getObject()));
    return true;
  }

  private void put(String plural, KubernetesObject object) throws ApiException {
    api.replaceNamespacedCustomObjectStatus(
            ArlResources.GROUP,
            ArlResources.VERSION,
            object.getMetadata().getNamespace(),
            plural,
            object.getMetadata().getName(),
            object)
        .execute();
  }
}
