package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.tools.ToolRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs the chart installs accept the reference quick start (deploy/examples) unchanged and
 * refuse invalid objects with the apiserver's precise message.
 */
class CrdExamplesIT {

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static Cluster cluster;

  @BeforeAll
  static void installCrds() {
    cluster = new Cluster(new Kubectl(KUBE.kubeconfigPath()));
    cluster.installChartCrds();
  }

  @Test
  void theReferenceExamplesAreAcceptedUnchanged() throws IOException {
    String ns = KUBE.createNamespace("examples");
    for (String example : new String[] {"warmpool.yaml", "sandbox.yaml", "task.yaml"}) {
      String yaml = Files.readString(ProjectFiles.examples().resolve(example));

      ToolRun dryRun =
          cluster.kubectl().runWithInput(yaml, "apply", "--dry-run=server", "-n", ns, "-f", "-");
      ToolRun real = cluster.kubectl().runWithInput(yaml, "apply", "-n", ns, "-f", "-");

      assertThat(dryRun.succeeded()).as(dryRun.describe()).isTrue();
      assertThat(real.succeeded()).as(real.describe()).isTrue();
    }
    ToolRun pools =
        cluster.kubectl().run("get", "warmpools,sandboxes,tasks", "-n", ns, "-o", "name");
    assertThat(pools.stdout().lines())
        .containsExactlyInAnyOrder(
            "warmpool.arl.infra.io/python-pool",
            "sandbox.arl.infra.io/my-workspace",
            "task.arl.infra.io/hello-task");
  }

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        Arguments.of(
            "negative replicas",
            pool("replicas: -1", CONTAINERS),
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0"),
        Arguments.of("no template", pool("replicas: 1", ""), "spec.template: Required value"),
        Arguments.of(
            "reserved volume name",
            pool(
                "replicas: 1",
                CONTAINERS
                    + "      volumes:\n        - name: arl-runtime\n          emptyDir: {}\n"),
            "the volume name arl-runtime is reserved for the injected sidecar runtime"),
        Arguments.of(
            "unknown release policy",
            pool("replicas: 1\n  releasePolicy: Recycle", CONTAINERS),
            "spec.releasePolicy: Unsupported value: \"Recycle\""),
        Arguments.of(
            "sandbox without pool",
            "apiVersion: arl.infra.io/v1alpha1\nkind: Sandbox\nmetadata: {name: lost}\nspec: {keepAlive: true}\n",
            "spec.poolRef: Required value"),
        Arguments.of(
            "file patch without path",
            task("- {name: write, type: FilePatch, content: x}"),
            "FilePatch steps need a path"),
        Arguments.of(
            "path outside the workspace",
            task("- {name: write, type: FilePatch, path: /etc/passwd, content: x}"),
            "must be inside the workspace (/workspace/...) or relative to it"),
        Arguments.of(
            "path climbing out",
            task("- {name: write, type: FilePatch, path: a/../../etc/x, content: x}"),
            "must not contain a '..' segment"),
        Arguments.of(
            "unknown step type",
            task("- {name: run, type: Shell, command: [ls]}"),
            "Unsupported value: \"Shell\""),
        Arguments.of(
            "bad timeout",
            task("- {name: run, type: Command, command: [ls]}")
                .replace("timeout: 30s", "timeout: forever"),
            "must be a positive duration such as 30s, 5m or 1h30m, at most 24h"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidObjects")
  void invalidObjectsAreRefusedWithAPreciseMessage(String what, String yaml, String message) {
    String ns = KUBE.createNamespace("invalid");

    ToolRun run =
        cluster.kubectl().runWithInput(yaml, "apply", "--dry-run=server", "-n", ns, "-f", "-");

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.stderr()).contains(message);
  }

  private static final String CONTAINERS =
      "      containers:\n        - name: executor\n          image: python:3.9-slim\n";

  private static String pool(String spec, String podSpec) {
    String template = podSpec.isEmpty() ? "" : "  template:\n    spec:\n" + podSpec;
    return "apiVersion: arl.infra.io/v1alpha1\nkind: WarmPool\nmetadata: {name: bad-pool}\nspec:\n  "
        + spec
        + "\n"
        + template;
  }

  private static String task(String step) {
    return "apiVersion: arl.infra.io/v1alpha1\nkind: Task\nmetadata: {name: bad-task}\nspec:\n"
        + "  sandboxRef: my-workspace\n  timeout: 30s\n  steps:\n    "
        + step
        + "\n";
  }
}
