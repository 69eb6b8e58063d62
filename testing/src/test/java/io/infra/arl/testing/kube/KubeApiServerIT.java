package io.infra.arl.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behaviour only a real apiserver has: namespaces, CEL validation, conflicts, status subresource.
 */
class KubeApiServerIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withCrds(testCrds());

  private static final String GROUP = "testing.arl.infra.io";
  private static final String VERSION = "v1";
  private static final String WIDGETS = "widgets";

  private CoreV1Api core;
  private CustomObjectsApi custom;
  private String namespace;

  static Path testCrds() {
    try {
      return Path.of(KubeApiServerIT.class.getResource("crds").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void setUp() {
    core = new CoreV1Api(KUBE.apiClient());
    custom = new CustomObjectsApi(KUBE.apiClient());
    namespace = KUBE.createNamespace("apiserver-it");
  }

  @Test
  void createsANamespaceThatIsActive() throws ApiException {
    V1Namespace created = core.readNamespace(namespace).execute();

    assertThat(created.getStatus().getPhase()).isEqualTo("Active");
    assertThat(KUBE.serverUrl()).startsWith("https://127.0.0.1:");
  }

  @Test
  void celRuleRefusesABadObjectWithTheRuleMessage() throws ApiException {
    custom
        .createNamespacedCustomObject(GROUP, VERSION, namespace, WIDGETS, widget("good", 1, 3))
        .execute();

    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () ->
                custom
                    .createNamespacedCustomObject(
                        GROUP, VERSION, namespace, WIDGETS, widget("bad", 5, 2))
                    .execute());

    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getResponseBody()).contains("minReplicas must not exceed maxReplicas");
  }

  @Test
  void openApiSchemaRefusesANegativeValue() {
    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () ->
                custom
                    .createNamespacedCustomObject(
                        GROUP, VERSION, namespace, WIDGETS, widget("negative", -1, 2))
                    .execute());

    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getResponseBody()).contains("spec.minReplicas");
  }

  @Test
  void updateWithAStaleResourceVersionGetsConflict() throws ApiException {
    V1ConfigMap created =
        core.createNamespacedConfigMap(
                namespace,
                new V1ConfigMap()
                    .metadata(new V1ObjectMeta().name("settings"))
                    .data(Map.of("mode", "one")))
            .execute();
    core.replaceNamespacedConfigMap("settings", namespace, created.data(Map.of("mode", "two")))
        .execute();

    V1ConfigMap stale = created.data(Map.of("mode", "three"));
    ApiException conflict =
        catchThrowableOfType(
            ApiException.class,
            () -> core.replaceNamespacedConfigMap("settings", namespace, stale).execute());

    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getResponseBody()).contains("the object has been modified");
  }

  @Test
  void statusIsWrittenOnlyThroughTheStatusSubresource() throws ApiException {
    custom
        .createNamespacedCustomObject(GROUP, VERSION, namespace, WIDGETS, widget("w", 1, 2))
        .execute();
    mergePatch("w", false, Map.of("status", Map.of("observedGeneration", 7)));

    assertThat(status("w")).isNull();

    mergePatch("w", true, Map.of("status", Map.of("observedGeneration", 7)));

    assertThat(status("w")).containsEntry("observedGeneration", 7L);
  }

  private void mergePatch(String name, boolean statusSubresource, Map<String, Object> patch)
      throws ApiException {
    V1Patch body = new V1Patch(JSON.getGson().toJson(patch));
    PatchUtils.patch(
        Object.class,
        () ->
            statusSubresource
                ? custom
                    .patchNamespacedCustomObjectStatus(
                        GROUP, VERSION, namespace, WIDGETS, name, body)
                    .buildCall(null)
                : custom
                    .patchNamespacedCustomObject(GROUP, VERSION, namespace, WIDGETS, name, body)
                    .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        KUBE.apiClient());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status(String name) throws ApiException {
    Map<String, Object> widget =
        (Map<String, Object>)
            custom.getNamespacedCustomObject(GROUP, VERSION, namespace, WIDGETS, name).execute();
    Object status = widget.get("status");
    if (status == null) {
      return null;
    }
    Map<String, Object> converted = new HashMap<>((Map<String, Object>) status);
    converted.replaceAll((k, v) -> v instanceof Number n ? (Object) n.longValue() : v);
    return converted;
  }

  private static Map<String, Object> widget(String name, int min, int max) {
    return Map.of(
        "apiVersion",
        GROUP + "/" + VERSION,
        "kind",
        "Widget",
        "metadata",
        Map.of("name", name),
        "spec",
        Map.of("minReplicas", min, "maxReplicas", max));
  }
}
