package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ holds exact copies of deploy/crds/, the single source of truth (Helm cannot
 * read files outside the chart, so the chart carries copies; deploy/helm/sync-crds.sh makes them).
 */
class ChartCrdsIT {

  private static final String FIX = "run deploy/helm/sync-crds.sh";

  @Test
  void theChartCarriesTheSameCrdFilesAsDeployCrds() throws IOException {
    assertThat(names(ProjectFiles.chart().resolve("crds")))
        .as(FIX)
        .isNotEmpty()
        .isEqualTo(names(ProjectFiles.crds()));
  }

  @Test
  void everyCopyIsByteForByteIdentical() throws IOException {
    for (String name : names(ProjectFiles.crds())) {
      Path source = ProjectFiles.crds().resolve(name);
      Path copy = ProjectFiles.chart().resolve("crds").resolve(name);

      assertThat(Files.mismatch(source, copy))
          .as(copy + " differs from " + source + ": " + FIX)
          .isEqualTo(-1L);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
