package io.infra.arl.kube.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model records against the real CRDs: nothing the operator writes is pruned, the scale
 * subresource works like {@code kubectl scale}, and the printer columns show what the reference
 * documents.
 */
class ModelRoundTripIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private static final OffsetDateTime TIME =
      OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  private static String namespace;

  @BeforeAll
  static void createNamespace() {
    namespace = KUBE.createNamespace("crd-roundtrip");
  }

  @Test
  void warmPoolStatusRoundTripsThroughTheStatusSubresource() throws ApiException {
    GenericKubernetesApi<WarmPool, WarmPoolList> pools = ArlResources.warmPools(KUBE.apiClient());
    WarmPool quickStart = Manifests.example("warmpool.yaml", WarmPool.class);
    WarmPool created =
        pools
            .create(WarmPool.of(meta("pool-status"), quickStart.spec()))
            .throwsApiException()
            .getObject();
    WarmPoolStatus status =
        new WarmPoolStatus(
            1L,
            3,
            2,
            1,
            4,
            1,
            0,
            WarmPoolPhase.SCALING,
            List.of(condition("Ready", "False", "PodsStarting")),
            "arl.infra.io/warmpool=pool-status,arl.infra.io/pod-state=ready",
            Map.of("all", "arl.infra.io/warmpool=pool-status"));

    replaceStatus(ArlResources.WARMPOOLS, created.withStatus(status));
    WarmPool read = pools.get(namespace, "pool-status").throwsApiException().getObject();

    assertThat(read.status()).isEqualTo(status);
    assertThat(read.spec().template().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("python:3.9-slim");
    assertThat(read.spec().releasePolicy()).isEqualTo(ReleasePolicy.DELETE);
  }

  @Test
  void scaleSubresourceSetsReplicasAndReportsTheSelector() throws ApiException {
    ApiClient client = KUBE.apiClient();
    GenericKubernetesApi<WarmPool, WarmPoolList> pools = ArlResources.warmPools(client);
    WarmPool created =
        pools
            .create(
                WarmPool.of(
                    meta("pool-scale"), Manifests.example("warmpool.yaml", WarmPool.class).spec()))
            .throwsApiException()
            .getObject();
    String selector = "arl.infra.io/warmpool=pool-scale,arl.infra.io/pod-state=ready";
    replaceStatus(
        ArlResources.WARMPOOLS,
        created.withStatus(
            new WarmPoolStatus(1L, 3, 3, 0, 3, 0, 0, WarmPoolPhase.READY, null, selector, null)));

    V1Scale scale =
        PatchUtils.patch(
            V1Scale.class,
            () ->
                new CustomObjectsApi(client)
                    .patchNamespacedCustomObjectScale(
                        ArlResources.GROUP,
                        ArlResources.VERSION,
                        namespace,
                        ArlResources.WARMPOOLS,
                        "pool-scale",
                        new V1Patch("{\"spec\":{\"replicas\":5}}"))
                    .buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
            client);

    assertThat(scale.getSpec().getReplicas()).isEqualTo(5);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(3);
    assertThat(scale.getStatus().getSelector()).isEqualTo(selector);
    assertThat(
            pools.get(namespace, "pool-scale").throwsApiException().getObject().spec().replicas())
        .isEqualTo(5);
  }

  @Test
  void sandboxAndTaskStatusesRoundTrip() throws ApiException {
    GenericKubernetesApi<Sandbox, SandboxList> sandboxes = ArlResources.sandboxes(KUBE.apiClient());
    Sandbox sandbox =
        sandboxes
            .create(Sandbox.of(meta("sb-status"), SandboxSpec.of("pool")))
            .throwsApiException()
            .getObject();
    SandboxStatus sandboxStatus =
        new SandboxStatus(
            1L,
            SandboxPhase.BOUND,
            "pool-abcde",
            "10.0.0.7",
            namespace + ".pool-abcde",
            TIME,
            TIME.plusSeconds(5),
            null,
            List.of(condition("Ready", "True", "Allocated")));
    replaceStatus(ArlResources.SANDBOXES, sandbox.withStatus(sandboxStatus));

    GenericKubernetesApi<Task, TaskList> tasks = ArlResources.tasks(KUBE.apiClient());
    Task task =
        tasks
            .create(
                Task.of(
                    meta("task-status"),
                    new TaskSpec(
                        "sb-status",
                        "30s",
                        List.of(
                            TaskStep.filePatch("write", "/workspace/a.py", "print(1)\n"),
                            TaskStep.command("run", List.of("python", "/workspace/a.py"))),
                        60)))
            .throwsApiException()
            .getObject();
    TaskStatus taskStatus =
        new TaskStatus(
            1L,
            TaskState.FAILED,
            "1\n",
            "boom",
            false,
            true,
            2,
            List.of(
                new StepResult(
                    "write",
                    StepType.FILE_PATCH,
                    TaskState.SUCCEEDED,
                    null,
                    "wrote 9 bytes",
                    TIME,
                    TIME),
                new StepResult(
                    "run", StepType.COMMAND, TaskState.FAILED, 2, "exit code 2", TIME, TIME)),
            TIME,
            TIME.plusSeconds(1),
            List.of(condition("Ready", "False", "StepFailed")));
    replaceStatus(ArlResources.TASKS, task.withStatus(taskStatus));

    assertThat(sandboxes.get(namespace, "sb-status").throwsApiException().getObject().status())
        .isEqualTo(sandboxStatus);
    Task read = tasks.get(namespace, "task-status").throwsApiException().getObject();
    assertThat(read.status()).isEqualTo(taskStatus);
    assertThat(read.spec().stepsOrEmpty())
        .extracting(TaskStep::type)
        .containsExactly(StepType.FILE_PATCH, StepType.COMMAND);
  }

  @Test
  void printerColumnsShowWhatTheReferenceDocuments() throws IOException, ApiException {
    GenericKubernetesApi<WarmPool, WarmPoolList> pools = ArlResources.warmPools(KUBE.apiClient());
    WarmPool created =
        pools
            .create(
                WarmPool.of(
                    meta("pool-columns"),
                    Manifests.example("warmpool.yaml", WarmPool.class).spec()))
            .throwsApiException()
            .getObject();
    replaceStatus(
        ArlResources.WARMPOOLS,
        created.withStatus(
            new WarmPoolStatus(1L, 3, 3, 2, 5, 0, 0, WarmPoolPhase.READY, null, null, null)));

    JsonObject table =
        table("/apis/arl.infra.io/v1alpha1/namespaces/" + namespace + "/warmpools/pool-columns");

    List<String> columns = new ArrayList<>();
    table
        .getAsJsonArray("columnDefinitions")
        .forEach(c -> columns.add(c.getAsJsonObject().get("name").getAsString()));
    assertThat(columns)
        .containsExactly("Name", "Ready", "Allocated", "Total", "Phase", "Desired", "Age");
    JsonArray cells = table.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells");
    assertThat(cells.get(1).getAsInt()).isEqualTo(3);
    assertThat(cells.get(2).getAsInt()).isEqualTo(2);
    assertThat(cells.get(3).getAsInt()).isEqualTo(5);
    assertThat(cells.get(4).getAsString()).isEqualTo("Ready");
  }

  // What kubectl get asks for: the server renders the CRD's printer columns as a Table.
  private static JsonObject table(String path) throws IOException {
    Request request =
        new Request.Builder()
            .url(KUBE.serverUrl() + path)
            .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
            .build();
    try (Response response = KUBE.apiClient().getHttpClient().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return JsonParser.parseString(response.body().string()).getAsJsonObject();
    }
  }

  // GenericKubernetesApi.updateStatus sends a JSON patch the apiserver refuses (415) in client-java
  // 25, so statuses are written the way the operator writes them: PUT on the status subresource.
  private static void replaceStatus(String plural, KubernetesObject object) throws ApiException {
    new CustomObjectsApi(KUBE.apiClient())
        .replaceNamespacedCustomObjectStatus(
            ArlResources.GROUP,
            ArlResources.VERSION,
            namespace,
            plural,
            object.getMetadata().getName(),
            object)
        .execute();
  }

  private static V1ObjectMeta meta(String name) {
    return new V1ObjectMeta().name(name).namespace(namespace);
  }

  private static V1Condition condition(String type, String status, String reason) {
    return new V1Condition()
        .type(type)
        .status(status)
        .reason(reason)
        .message("")
        .lastTransitionTime(TIME)
        .observedGeneration(1L);
  }
}
