package io.infra.arl.deploy.chart;

import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolBinaries;
import io.infra.arl.testing.tools.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned kubectl (built by {@code tools/build-tools.sh kubectl} next to the kube-apiserver of
 * the same Kubernetes release), run against one kubeconfig.
 */
public final class Kubectl {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Path kubeconfig;

  /**
   * @param kubeconfig the kubeconfig every command uses
   */
  public Kubectl(Path kubeconfig) {
    this.binary = locate();
    this.kubeconfig = kubeconfig;
  }

  /** Runs {@code kubectl --kubeconfig <kubeconfig> args...} with no standard input. */
  public ToolRun run(String... args) {
    return runWithInput("", args);
  }

  /** Runs kubectl with {@code stdin} on its standard input (for {@code -f -}). */
  public ToolRun runWithInput(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      Path in = Files.writeString(Files.createTempFile("kubectl", ".in"), stdin);
      try {
        // Files, not pipes: a process blocked on a full pipe would never exit.
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(in.toFile())
                .start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " still ran after " + TIMEOUT);
        }
        return new ToolRun(
            command,
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        Files.deleteIfExists(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while kubectl ran", e);
    }
  }

  private static Path locate() {
    // require() skips the test on a machine without Go and fails with instructions on one with it.
    Path apiserver = ToolBinaries.fromEnvironment().require(Tool.KUBE_APISERVER);
    Path kubectl = apiserver.resolveSibling("kubectl");
    if (!Files.isExecutable(kubectl)) {
      throw new IllegalStateException(
          "kubectl is not built (expected " + kubectl + "): run tools/build-tools.sh kubectl");
    }
    return kubectl;
  }
}
