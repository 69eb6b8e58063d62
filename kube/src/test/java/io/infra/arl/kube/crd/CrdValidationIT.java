package io.infra.arl.kube.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs of {@code deploy/crds/} on a real apiserver: the quick-start objects are accepted with
 * their defaults, invalid ones are refused with a message naming the field.
 */
class CrdValidationIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private static String namespace;
  private static int counter;

  @BeforeAll
  static void createNamespace() {
    namespace = KUBE.createNamespace("crd-validation");
  }

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        invalid(
            "negative replicas",
            "warmpool.yaml",
            o -> spec(o).addProperty("replicas", -1),
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or"
                + " equal to 0"),
        invalid(
            "no replicas",
            "warmpool.yaml",
            o -> spec(o).remove("replicas"),
            "spec.replicas: Required value"),
        invalid(
            "no template",
            "warmpool.yaml",
            o -> spec(o).remove("template"),
            "spec.template: Required value"),
        invalid(
            "no containers",
            "warmpool.yaml",
            o -> podSpec(o).add("containers", new JsonArray()),
            "spec.template.spec.containers: Invalid value: 0: spec.template.spec.containers in"
                + " body should have at least 1 items"),
        invalid(
            "container without image",
            "warmpool.yaml",
            o -> podSpec(o).getAsJsonArray("containers").get(0).getAsJsonObject().remove("image"),
            "spec.template.spec.containers[0].image: Required value"),
        invalid(
            "unknown release policy",
            "warmpool.yaml",
            o -> spec(o).addProperty("releasePolicy", "Keep"),
            "spec.releasePolicy: Unsupported value: \"Keep\": supported values: \"Delete\","
                + " \"Reset\""),
        invalid(
            "zero startup timeout",
            "warmpool.yaml",
            o -> spec(o).addProperty("startupTimeoutSeconds", 0),
            "spec.startupTimeoutSeconds: Invalid value: 0"),
        invalid(
            "reserved volume name",
            "warmpool.yaml",
            o ->
                podSpec(o)
                    .getAsJsonArray("volumes")
                    .get(0)
                    .getAsJsonObject()
                    .addProperty("name", "arl-runtime"),
            "spec.template.spec.volumes: Invalid value: \"object\": the volume name arl-runtime is"
                + " reserved"),
        invalid(
            "pool name too long for pod names",
            "warmpool.yaml",
            o -> o.getAsJsonObject("metadata").addProperty("name", "p".repeat(53)),
            "metadata.name must be at most 52 characters"),
        invalid(
            "sandbox without poolRef",
            "sandbox.yaml",
            o -> spec(o).remove("poolRef"),
            "spec.poolRef: Required value"),
        invalid(
            "negative ttlSecondsAfterFinished",
            "sandbox.yaml",
            o -> spec(o).addProperty("ttlSecondsAfterFinished", -5),
            "spec.ttlSecondsAfterFinished: Invalid value: -5: spec.ttlSecondsAfterFinished in body"
                + " should be greater than or equal to 0"),
        invalid(
            "keepAlive not a boolean",
            "sandbox.yaml",
            o -> spec(o).addProperty("keepAlive", "yes"),
            "spec.keepAlive: Invalid value: \"string\": spec.keepAlive in body must be of type"
                + " boolean"),
        invalid(
            "task without sandboxRef",
            "task.yaml",
            o -> spec(o).remove("sandboxRef"),
            "spec.sandboxRef: Required value"),
        invalid(
            "task without steps",
            "task.yaml",
            o -> spec(o).add("steps", new JsonArray()),
            "spec.steps: Invalid value: 0: spec.steps in body should have at least 1 items"),
        invalid(
            "unknown step type",
            "task.yaml",
            o -> step(o, 1).addProperty("type", "Shell"),
            "spec.steps[1].type: Unsupported value: \"Shell\": supported values: \"FilePatch\","
                + " \"Command\""),
        invalid(
            "FilePatch without path",
            "task.yaml",
            o -> step(o, 0).remove("path"),
            "spec.steps[0].path: Invalid value: \"object\": FilePatch steps need a path"),
        invalid(
            "FilePatch without content",
            "task.yaml",
            o -> step(o, 0).remove("content"),
            "spec.steps[0].content: Invalid value: \"object\": FilePatch steps need content"),
        invalid(
            "Command without command",
            "task.yaml",
            o -> step(o, 1).remove("command"),
            "spec.steps[1].command: Invalid value: \"object\": Command steps need a command"),
        invalid(
            "path outside the workspace",
            "task.yaml",
            o -> step(o, 0).addProperty("path", "/etc/passwd"),
            "spec.steps[0].path: Invalid value: \"string\": must be inside the workspace"),
        invalid(
            "path escaping with ..",
            "task.yaml",
            o -> step(o, 0).addProperty("path", "/workspace/../etc/passwd"),
            "spec.steps[0].path: Invalid value: \"string\": must not contain a '..' segment"),
        invalid(
            "duplicate step names",
            "task.yaml",
            o -> step(o, 1).addProperty("name", "write-code"),
            "spec.steps[1]: Duplicate value: {\"name\":\"write-code\"}"),
        invalid(
            "step without name",
            "task.yaml",
            o -> step(o, 1).remove("name"),
            "spec.steps[1].name: Required value"),
        invalid(
            "timeout that is not a duration",
            "task.yaml",
            o -> spec(o).addProperty("timeout", "soon"),
            "spec.timeout: Invalid value: \"string\": must be a positive duration such as 30s"),
        invalid(
            "timeout over a day",
            "task.yaml",
            o -> spec(o).addProperty("timeout", "25h"),
            "spec.timeout: Invalid value: \"string\": must be a positive duration"),
        invalid(
            "bad env name",
            "task.yaml",
            o -> {
              JsonObject env = new JsonObject();
              env.addProperty("1BAD", "x");
              step(o, 1).add("env", env);
            },
            "spec.steps[1].env: Invalid value: \"object\": names must match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidObjects")
  void refusesInvalidObjectsNamingTheField(
      String description, String example, Consumer<JsonObject> change, String message) {
    JsonObject object = example(example);
    change.accept(object);

    KubernetesApiResponse<DynamicKubernetesObject> response = create(object);

    assertThat(response.getHttpStatusCode()).as(description).isEqualTo(422);
    assertThat(response.getStatus().getMessage()).contains(message);
  }

  @Test
  void acceptsTheQuickStartAndAppliesDefaults() {
    JsonObject pool = create(example("warmpool.yaml")).getObject().getRaw();
    JsonObject sandbox = create(example("sandbox.yaml")).getObject().getRaw();
    JsonObject task = create(example("task.yaml")).getObject().getRaw();

    assertThat(spec(pool).get("releasePolicy").getAsString()).isEqualTo("Delete");
    assertThat(spec(pool).get("startupTimeoutSeconds").getAsInt()).isEqualTo(300);
    assertThat(spec(sandbox).get("keepAlive").getAsBoolean()).isTrue();
    assertThat(spec(task).get("timeout").getAsString()).isEqualTo("30s");
  }

  @Test
  void sandboxPoolRefIsImmutable() {
    JsonObject created = create(example("sandbox.yaml")).getObject().getRaw();
    spec(created).addProperty("poolRef", "other-pool");

    KubernetesApiResponse<DynamicKubernetesObject> response =
        api("sandbox.yaml").update(new DynamicKubernetesObject(created));

    assertThat(response.getHttpStatusCode()).isEqualTo(422);
    assertThat(response.getStatus().getMessage())
        .contains("spec.poolRef: Invalid value: \"string\": is immutable");
  }

  private static Arguments invalid(
      String description, String example, Consumer<JsonObject> change, String message) {
    return Arguments.of(description, example, change, message);
  }

  private static JsonObject example(String file) {
    JsonObject object =
        JsonParser.parseString(
                Manifests.json(Manifests.deployDir().resolve("examples").resolve(file)).getFirst())
            .getAsJsonObject();
    JsonObject metadata = object.getAsJsonObject("metadata");
    metadata.addProperty("namespace", namespace);
    metadata.addProperty("name", metadata.get("name").getAsString() + "-" + nextSuffix());
    return object;
  }

  private static synchronized int nextSuffix() {
    return ++counter;
  }

  private static KubernetesApiResponse<DynamicKubernetesObject> create(JsonObject object) {
    String kind = object.get("kind").getAsString();
    String file =
        switch (kind) {
          case "WarmPool" -> "warmpool.yaml";
          case "Sandbox" -> "sandbox.yaml";
          default -> "task.yaml";
        };
    return api(file).create(new DynamicKubernetesObject(object));
  }

  private static DynamicKubernetesApi api(String example) {
    String plural =
        switch (example) {
          case "warmpool.yaml" -> ArlResources.WARMPOOLS;
          case "sandbox.yaml" -> ArlResources.SANDBOXES;
          default -> ArlResources.TASKS;
        };
    return new DynamicKubernetesApi(
        ArlResources.GROUP, ArlResources.VERSION, plural, KUBE.apiClient());
  }

  private static JsonObject spec(JsonObject object) {
    return object.getAsJsonObject("spec");
  }

  private static JsonObject podSpec(JsonObject pool) {
    return spec(pool).getAsJsonObject("template").getAsJsonObject("spec");
  }

  private static JsonObject step(JsonObject task, int index) {
    return spec(task).getAsJsonArray("steps").get(index).getAsJsonObject();
  }
}
