package io.infra.arl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  private static final Path CWD = Path.of("/nowhere/repo");

  @Test
  void defaultsToTheFullSuiteOfBothBackendsWritingDocsBenchmarks() {
    BenchOptions options = BenchOptions.parse(List.of(), CWD, null);

    assertThat(options.mode()).isEqualTo("full");
    assertThat(options.backend()).isEqualTo("both");
    assertThat(options.only()).isEmpty();
    assertThat(options.output()).isEqualTo(CWD.resolve("docs/benchmarks.md"));
    assertThat(options.gatewayJvmOptions()).isEqualTo(BenchOptions.DEFAULT_GATEWAY_JVM);
  }

  @Test
  void takesModeScenariosPathsAndGatewayJvmOptions() {
    BenchOptions options =
        BenchOptions.parse(
            List.of("--smoke", "--only", "claim,exec", "--output", "out.md", "--backend", "local"),
            CWD,
            " -Xmx2g  -XX:+UseSerialGC ");

    assertThat(options.mode()).isEqualTo("smoke");
    assertThat(options.only()).containsExactlyInAnyOrder("claim", "exec");
    assertThat(options.runsLocal()).isTrue();
    assertThat(options.runsKubernetes()).isFalse();
    assertThat(options.output()).isEqualTo(CWD.resolve("out.md"));
    assertThat(options.gatewayJvmOptions()).containsExactly("-Xmx2g", "-XX:+UseSerialGC");
  }

  @Test
  void refusesUnknownArgumentsAndMissingValuesWithTheUsage() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast"), CWD, null))
        .hasMessageContaining("unknown argument: --fast")
        .hasMessageContaining("usage: bin/bench");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--only"), CWD, null))
        .hasMessageContaining("--only: missing value");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--backend", "k8s"), CWD, null))
        .hasMessageContaining("--backend: k8s (expected: one of [local, kubernetes, both])");
  }
}
