package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.tools.ToolRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} is clean with the default and the production values. */
class ChartLintIT {

  @Test
  void lintsCleanWithDefaultValues() {
    assertClean(lint());
  }

  @Test
  void lintsCleanWithProductionValues() {
    assertClean(lint("--values", ProjectFiles.productionValues().toString()));
  }

  private static ToolRun lint(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "lint",
                ProjectFiles.chart().toString(),
                "--strict",
                "--kube-version",
                Helm.KUBE_VERSION));
    args.addAll(List.of(extra));
    return Helm.run(args);
  }

  private static void assertClean(ToolRun run) {
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout())
        .as(run.describe())
        .contains("1 chart(s) linted, 0 chart(s) failed")
        .doesNotContain("[WARNING]", "[ERROR]");
  }
}
