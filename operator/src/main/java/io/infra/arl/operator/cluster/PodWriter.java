package io.infra.arl.operator.cluster;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.PatchUtils;
import java.net.HttpURLConnection;
import java.util.Map;

/** Creates, deletes and relabels pool pods. */
public final class PodWriter {

  private final ApiClient client;
  private final CoreV1Api core;

  /** A writer on {@code client}. */
  public PodWriter(ApiClient client) {
    this.client = client;
    this.core = new CoreV1Api(client);
  }

  /** Creates the pod. */
  public V1Pod create(V1Pod pod) throws ApiException {
    return core.createNamespacedPod(pod.getMetadata().getNamespace(), pod).execute();
  }

  /**
   * Deletes the pod if it is still the one with {@code uid} (a pod recreated under the same name is
   * left alone); returns false when it was already gone.
   */
  public boolean delete(String namespace, String name, String uid) throws ApiException {
    V1DeleteOptions options = new V1DeleteOptions();
    if (uid != null) {
      options.preconditions(new V1Preconditions().uid(uid));
    }
    try {
      core.deleteNamespacedPod(name, namespace).body(options).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
          || e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Sets (value non-null) and removes (value null) labels and annotations in one merge patch.
   * Returns false when the pod is gone.
   */
  public boolean patchMetadata(
      String namespace, String name, Map<String, String> labels, Map<String, String> annotations)
      throws ApiException {
    JsonObject metadata = new JsonObject();
    metadata.add("labels", entries(labels));
    metadata.add("annotations", entries(annotations));
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    try {
      PatchUtils.patch(
          V1Pod.class,
          () ->
              core.patchNamespacedPod(name, namespace, new V1Patch(patch.toString()))
                  .buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
          client);
      return true;
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static JsonObject entries(Map<String, String> values) {
    JsonObject object = new JsonObject();
    values.forEach(
        (key, value) -> {
          if (value == null) {
            object.add(key, JsonNull.INSTANCE);
          } else {
            object.addProperty(key, value);
          }
        });
    return object;
  }
}
