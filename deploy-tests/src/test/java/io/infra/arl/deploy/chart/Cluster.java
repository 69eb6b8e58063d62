package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.tools.ToolRun;

/**
 * What the chart tests do to the shared test apiserver: install CRDs the way a user would, and
 * apply manifests first with a server-side dry run, then for real.
 */
public final class Cluster {

  private final Kubectl kubectl;

  /**
   * @param kubectl the kubectl bound to the test apiserver
   */
  public Cluster(Kubectl kubectl) {
    this.kubectl = kubectl;
  }

  /** The kubectl this cluster uses. */
  public Kubectl kubectl() {
    return kubectl;
  }

  /**
   * Installs the chart's CRDs the way docs/deploy.md upgrades them ({@code kubectl apply} of the
   * chart's crds/ directory; {@code helm install} creates the same files first) and waits until
   * they are served. Idempotent: every test class may call it.
   */
  public void installChartCrds() {
    String dir = ProjectFiles.chart().resolve("crds").toString();
    ToolRun dryRun = kubectl.run("apply", "--server-side", "--dry-run=server", "-f", dir);
    assertThat(dryRun.succeeded()).as(dryRun.describe()).isTrue();
    ToolRun real = kubectl.run("apply", "--server-side", "-f", dir);
    assertThat(real.succeeded()).as(real.describe()).isTrue();
    awaitEstablished("warmpools.arl.infra.io", "sandboxes.arl.infra.io", "tasks.arl.infra.io");
  }

  /** Applies {@code yaml} with {@code --dry-run=server}, then for real; both must succeed. */
  public ApplyResult applyDryRunThenForReal(String yaml) {
    ToolRun dryRun = kubectl.runWithInput(yaml, "apply", "--dry-run=server", "-f", "-");
    assertThat(dryRun.succeeded()).as(dryRun.describe()).isTrue();
    ToolRun real = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(real.succeeded()).as(real.describe()).isTrue();
    return new ApplyResult(dryRun, real);
  }

  /** Waits until each CRD is Established (served by the apiserver). */
  public void awaitEstablished(String... crds) {
    for (String crd : crds) {
      ToolRun wait =
          kubectl.run("wait", "--for=condition=Established", "--timeout=30s", "crd/" + crd);
      assertThat(wait.succeeded()).as(wait.describe()).isTrue();
    }
  }

  /**
   * The two runs of one apply.
   *
   * @param dryRun the {@code --dry-run=server} run
   * @param real the run that persisted the objects
   */
  public record ApplyResult(ToolRun dryRun, ToolRun real) {}
}
