package io.infra.arl.loadtest;

import io.infra.arl.loadtest.report.BenchReport;
import io.infra.arl.loadtest.report.MarkdownReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/bench}: runs the benchmark suite and (re)writes docs/benchmarks.md. Exit status 0, or
 * 1 when a smoke run had an error (any failed request or scenario), 2 for bad arguments.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Entry point; see {@link BenchOptions#USAGE}. */
  public static void main(String[] args) throws IOException {
    BenchOptions options;
    try {
      options =
          BenchOptions.parse(
              List.of(args),
              Path.of("").toAbsolutePath(),
              System.getenv("ARL_BENCH_GATEWAY_JAVA_OPTS"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    BenchReport report = Suite.run(options);
    write(report, options.output());
    System.out.println("Wrote " + options.output());
    List<String> errors = errors(report);
    errors.forEach(e -> System.out.println("error: " + e));
    System.exit(options.mode().equals("smoke") && !errors.isEmpty() ? 1 : 0);
  }

  /** Writes the report, keeping the analysis of the file it replaces. */
  public static void write(BenchReport report, Path output) throws IOException {
    String previous = Files.exists(output) ? Files.readString(output) : "";
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, MarkdownReport.render(report, MarkdownReport.analysisOf(previous)));
  }

  /** Every error of every scenario, one line each. */
  public static List<String> errors(BenchReport report) {
    return report.results().stream()
        .flatMap(
            r ->
                r.errors() == 0
                    ? java.util.stream.Stream.<String>empty()
                    : (r.errorDetails().isEmpty()
                        ? java.util.stream.Stream.of(
                            r.section().title() + ": " + r.errors() + " errors")
                        : r.errorDetails().stream()))
        .toList();
  }
}
