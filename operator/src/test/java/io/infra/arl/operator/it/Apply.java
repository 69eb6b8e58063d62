package io.infra.arl.operator.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.infra.arl.kube.crd.ArlResources;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.function.Consumer;

/** {@code kubectl apply -f deploy/examples/<file> -n <namespace>}, for a new object. */
final class Apply {

  private Apply() {}

  /** Creates the example's object in {@code namespace} after {@code edit}; fails when refused. */
  static JsonObject example(
      ApiClient client, String namespace, String file, Consumer<JsonObject> edit) {
    JsonObject object = JsonParser.parseString(Examples.json(file)).getAsJsonObject();
    object.getAsJsonObject("metadata").addProperty("namespace", namespace);
    edit.accept(object);
    String plural =
        switch (object.get("kind").getAsString()) {
          case "WarmPool" -> ArlResources.WARMPOOLS;
          case "Sandbox" -> ArlResources.SANDBOXES;
          case "Task" -> ArlResources.TASKS;
          default -> throw new IllegalArgumentException(file + " holds no ARL object");
        };
    KubernetesApiResponse<DynamicKubernetesObject> response =
        new DynamicKubernetesApi(ArlResources.GROUP, ArlResources.VERSION, plural, client)
            .create(new DynamicKubernetesObject(object));
    if (!response.isSuccess()) {
      throw new IllegalStateException(file + " refused: " + response.getStatus().getMessage());
    }
    return response.getObject().getRaw();
  }

  /** The example as written. */
  static JsonObject example(ApiClient client, String namespace, String file) {
    return example(client, namespace, file, o -> {});
  }
}
