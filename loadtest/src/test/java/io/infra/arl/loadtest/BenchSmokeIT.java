package io.infra.arl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.loadtest.report.BenchReport;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run of the benchmark suite ({@code bin/bench --smoke}): every scenario runs, tiny,
 * against real servers (gateways, sidecars, redis-server, kube-apiserver + etcd, ghz, k6), then the
 * Kubernetes mode's claim and refill on the dev stack (operator, pod stand-in, a gateway with
 * {@code arl.backend=kubernetes}); all must complete with zero errors. No threshold on any time.
 */
class BenchSmokeIT {

  @Test
  void everyScenarioCompletesWithZeroErrors() throws Exception {
    Path out = Path.of("target/smoke");
    BenchOptions options =
        BenchOptions.parse(
            List.of(
                "--smoke",
                "--output",
                out.resolve("benchmarks.md").toString(),
                "--reports",
                out.resolve("reports").toString()),
            Path.of("").toAbsolutePath(),
            null);

    BenchReport report = Suite.run(options);
    BenchMain.write(report, options.output());

    assertThat(report.results().stream().map(r -> r.section().title()))
        .as("one section per local scenario, then Kubernetes mode's claim and refill")
        .hasSize(Scenarios.all().size() + 2)
        .contains(
            "Kubernetes mode: claim latency vs the Kubernetes way",
            "Kubernetes mode: refill by the operator");
    assertThat(BenchMain.errors(report)).as("errors of the smoke run").isEmpty();
    assertThat(report.results()).allSatisfy(r -> assertThat(r.errors()).isZero());
    assertThat(Files.readString(options.output())).contains("## Summary", "(mode **smoke**");
    ScenarioResult ghz =
        report.results().stream()
            .filter(r -> r.section().title().equals("ghz scenarios"))
            .findFirst()
            .orElseThrow();
    assertThat(ghz.section().tables().getFirst().rows()).as("one row per ghz config").hasSize(5);
  }
}
