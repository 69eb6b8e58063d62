package io.infra.arl.deploy.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployment files are, found from the working directory upwards (Maven runs tests in the
 * module).
 */
public final class ProjectFiles {

  private static final Path ROOT = findRoot();

  private ProjectFiles() {}

  /** The repository root. */
  public static Path root() {
    return ROOT;
  }

  /** The chart directory {@code deploy/helm/arl-infra}. */
  public static Path chart() {
    return ROOT.resolve("deploy/helm/arl-infra");
  }

  /** The production values file of the chart. */
  public static Path productionValues() {
    return chart().resolve("values-production.yaml");
  }

  /** {@code deploy/crds}, the single source of truth of the CRDs. */
  public static Path crds() {
    return ROOT.resolve("deploy/crds");
  }

  /** {@code deploy/examples}, the reference quick start as files. */
  public static Path examples() {
    return ROOT.resolve("deploy/examples");
  }

  /** {@code deploy/docker}. */
  public static Path docker() {
    return ROOT.resolve("deploy/docker");
  }

  private static Path findRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("deploy/helm/arl-infra/Chart.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No deploy/helm/arl-infra/Chart.yaml above " + Path.of("").toAbsolutePath());
  }
}
