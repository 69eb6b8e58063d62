package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.StepResult;
import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.WarmPoolPhase;
import io.infra.arl.sidecar.process.ProgramPath;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference quick start, end to end: {@code deploy/examples/} applied to a real apiserver, the
 * operator fills the pool, the Sandbox claims a pod through the lease protocol, the Task runs in
 * the pod's (real) sidecar and its status shows the program's output.
 *
 * <p>The stand-in sidecars run on this host, in a temporary workspace instead of {@code
 * /workspace}: the Task's FilePatch path is used as written (the operator maps {@code /workspace/}
 * into the workspace), but the Command's argument {@code /workspace/hello.py} is rewritten to the
 * pod's real workspace, and {@code python} becomes {@code python3} where this host has no {@code
 * python}.
 */
class QuickStartIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private String namespace;
  private ApiClient client;
  private PodStandIn standIn;
  private OperatorHarness operator;

  @BeforeEach
  void setUp() {
    namespace = KUBE.createNamespace("quick-start");
    client = KUBE.apiClient();
    standIn = PodStandIn.start(client, namespace);
    operator = new OperatorHarness(KUBE, namespace);
    operator.start();
  }

  @AfterEach
  void tearDown() {
    operator.close();
    standIn.close();
  }

  @Test
  void helloTaskPrintsItsOutputInTheStatus() throws Exception {
    Apply.example(client, namespace, "warmpool.yaml");
    await()
        .atMost(TIMEOUT)
        .until(
            () -> ArlResources.warmPools(client).get(namespace, "python-pool").getObject().status(),
            s -> s != null && s.ready() == 3 && s.phase() == WarmPoolPhase.READY);

    Apply.example(client, namespace, "sandbox.yaml");
    Sandbox sandbox =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> ArlResources.sandboxes(client).get(namespace, "my-workspace").getObject(),
                s -> s.status() != null && s.status().phase() == SandboxPhase.READY);
    // The claim is recorded in the Sandbox status first, then on the pod.
    V1Pod pod =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    new CoreV1Api(client)
                        .readNamespacedPod(sandbox.status().podName(), namespace)
                        .execute(),
                p ->
                    Labels.POD_STATE_ALLOCATED.equals(
                        p.getMetadata().getLabels().get(Labels.POD_STATE)));
    assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.SANDBOX, "my-workspace");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(Labels.CLAIM_HOLDER, Labels.HOLDER_OPERATOR)
        .containsEntry(Labels.CLAIM_SANDBOX_ID, namespace + "." + pod.getMetadata().getName());
    assertThat(sandbox.status().podIP()).isEqualTo(pod.getStatus().getPodIP());

    Path workspace = standIn.pod(pod.getMetadata().getName()).orElseThrow().workspace();
    Apply.example(
        client,
        namespace,
        "task.yaml",
        task -> runHere(task.getAsJsonObject("spec").getAsJsonArray("steps"), workspace));

    TaskStatus status =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> ArlResources.tasks(client).get(namespace, "hello-task").getObject().status(),
                s -> s != null && s.isFinished());
    assertThat(status.state())
        .as("state, stderr: %s", status.stderr())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(status.stdout()).isEqualTo("Hello from ARL!\nTask executed successfully\n");
    assertThat(status.exitCode()).isZero();
    assertThat(status.steps())
        .extracting(StepResult::state)
        .containsExactly(TaskState.SUCCEEDED, TaskState.SUCCEEDED);
    assertThat(status.startTime()).isNotNull();
    assertThat(status.completionTime()).isAfterOrEqualTo(status.startTime());
    assertThat(workspace.resolve("hello.py"))
        .hasContent("print(\"Hello from ARL!\")\nprint(\"Task executed successfully\")");
    // keepAlive: the sandbox keeps its pod for more Tasks.
    assertThat(
            ArlResources.sandboxes(client)
                .get(namespace, "my-workspace")
                .getObject()
                .status()
                .phase())
        .isIn(SandboxPhase.READY, SandboxPhase.BOUND);
  }

  // The only edits: the Command's absolute workspace path points at the stand-in's workspace, and
  // python3 stands in for python on hosts without a "python".
  private static void runHere(JsonArray steps, Path workspace) {
    for (JsonElement step : steps) {
      if (!"Command".equals(step.getAsJsonObject().get("type").getAsString())) {
        continue;
      }
      JsonArray command = step.getAsJsonObject().getAsJsonArray("command");
      JsonArray rewritten = new JsonArray();
      for (JsonElement arg : command) {
        rewritten.add(arg.getAsString().replace("/workspace/", workspace + "/"));
      }
      if ("python".equals(rewritten.get(0).getAsString())
          && ProgramPath.find("python", System.getenv("PATH"), Path.of("/")).isEmpty()) {
        rewritten.set(0, new com.google.gson.JsonPrimitive("python3"));
      }
      step.getAsJsonObject().add("command", rewritten);
    }
  }
}
