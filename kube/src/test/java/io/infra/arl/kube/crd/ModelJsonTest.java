package io.infra.arl.kube.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.JSON;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records read the reference quick start exactly as written, and write it back unchanged. */
class ModelJsonTest {

  @Test
  void readsTheQuickStartWarmPool() {
    WarmPool pool = Manifests.example("warmpool.yaml", WarmPool.class);

    assertThat(pool.getKind()).isEqualTo("WarmPool");
    assertThat(pool.getApiVersion()).isEqualTo(ArlResources.API_VERSION);
    assertThat(pool.getMetadata().getName()).isEqualTo("python-pool");
    assertThat(pool.spec().replicas()).isEqualTo(3);
    assertThat(pool.spec().releasePolicyOrDefault()).isEqualTo(ReleasePolicy.DELETE);
    assertThat(pool.spec().template().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("python:3.9-slim");
  }

  @Test
  void readsTheQuickStartSandbox() {
    Sandbox sandbox = Manifests.example("sandbox.yaml", Sandbox.class);

    assertThat(sandbox.spec().poolRef()).isEqualTo("python-pool");
    assertThat(sandbox.spec().keepAliveOrDefault()).isTrue();
  }

  @Test
  void readsTheQuickStartTaskStepsWithTheirTypes() {
    Task task = Manifests.example("task.yaml", Task.class);

    assertThat(task.spec().sandboxRef()).isEqualTo("my-workspace");
    assertThat(task.spec().timeout()).isEqualTo("30s");
    List<TaskStep> steps = task.spec().stepsOrEmpty();
    assertThat(steps)
        .extracting(TaskStep::type)
        .containsExactly(StepType.FILE_PATCH, StepType.COMMAND);
    assertThat(steps.get(0).path()).isEqualTo("/workspace/hello.py");
    assertThat(steps.get(0).content())
        .isEqualTo("print(\"Hello from ARL!\")\nprint(\"Task executed successfully\")\n");
    assertThat(steps.get(1).command()).containsExactly("python", "/workspace/hello.py");
  }

  @Test
  void enumsAndTimesUseTheWireNames() {
    JSON json = new JSON();
    TaskStatus status =
        new TaskStatus(
            1L,
            TaskState.SUCCEEDED,
            "out",
            "",
            false,
            false,
            0,
            List.of(
                new StepResult("run", StepType.COMMAND, TaskState.SUCCEEDED, 0, null, null, null)),
            java.time.OffsetDateTime.parse("2025-01-02T03:04:05Z"),
            null,
            null);

    String text = json.serialize(status);

    assertThat(text)
        .contains("\"state\":\"Succeeded\"")
        .contains("\"type\":\"Command\"")
        .contains("\"startTime\":\"2025-01-02T03:04:05");
    TaskStatus back = json.deserialize(text, TaskStatus.class);
    assertThat(back).isEqualTo(status);
  }
}
