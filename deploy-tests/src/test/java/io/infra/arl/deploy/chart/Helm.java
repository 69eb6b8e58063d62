package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolBinaries;
import io.infra.arl.testing.tools.ToolRun;
import io.infra.arl.testing.tools.ToolRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pinned helm, run on the project's chart.
 *
 * <p>Every render passes {@code --kube-version} of the pinned kube-apiserver: a helm built with
 * {@code go install} (no release ldflags) assumes Kubernetes 1.20 without a cluster, which the
 * chart's {@code kubeVersion: >=1.30} refuses.
 */
public final class Helm {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ToolRunner TOOLS = ToolRunner.fromEnvironment();

  /** The Kubernetes version the tests' apiserver runs, e.g. {@code v1.34.4}. */
  public static final String KUBE_VERSION =
      ToolBinaries.fromEnvironment().version(Tool.KUBE_APISERVER);

  private Helm() {}

  /** Runs helm with {@code args}. */
  public static ToolRun run(List<String> args) {
    return TOOLS.run(Tool.HELM, args, TIMEOUT);
  }

  /** Runs {@code helm template} of the chart as {@code release} in {@code namespace}. */
  public static ToolRun template(String release, String namespace, String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "template",
            release,
            ProjectFiles.chart().toString(),
            "--namespace",
            namespace,
            "--kube-version",
            KUBE_VERSION));
    args.addAll(List.of(extraArgs));
    return run(args);
  }

  /** Renders the chart and fails the test when helm refuses. */
  public static Manifests render(String release, String namespace, String... extraArgs) {
    ToolRun run = template(release, namespace, extraArgs);
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    return Manifests.parse(run.stdout());
  }

  /** The arguments that apply the production values file. */
  public static String[] production(String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.add("--values");
    args.add(ProjectFiles.productionValues().toString());
    args.addAll(List.of(extraArgs));
    return args.toArray(String[]::new);
  }
}
