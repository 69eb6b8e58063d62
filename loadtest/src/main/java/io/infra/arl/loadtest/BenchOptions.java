package io.infra.arl.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of the suite.
 *
 * @param mode {@code full} (default), {@code quick} or {@code smoke}
 * @param backend the gateway backends to measure: {@code local}, {@code kubernetes} or {@code both}
 * @param only scenario names to run (empty = all)
 * @param output the report to (re)write
 * @param reportsDir where tool reports and recordings go
 * @param gatewayJvmOptions JVM options of the gateways under test
 * @param repositoryRoot the checkout (where the sidecar's own jar is built)
 */
public record BenchOptions(
    String mode,
    String backend,
    Set<String> only,
    Path output,
    Path reportsDir,
    List<String> gatewayJvmOptions,
    Path repositoryRoot) {

  /** JVM options of the gateways unless {@code ARL_BENCH_GATEWAY_JAVA_OPTS} says otherwise. */
  public static final List<String> DEFAULT_GATEWAY_JVM =
      List.of("-Xms1g", "-Xmx3g", "-XX:+UseG1GC");

  /** The usage line. */
  public static final String USAGE =
      "usage: bin/bench [--smoke | --quick] [--backend local|kubernetes|both] [--only claim,...]"
          + " [--output docs/benchmarks.md] [--reports loadtest/target/reports]";

  /** The values {@code --backend} takes. */
  public static final List<String> BACKENDS = List.of("local", "kubernetes", "both");

  /** Defensive copies. */
  public BenchOptions {
    if (!BACKENDS.contains(backend)) {
      throw new IllegalArgumentException(
          "--backend: " + backend + " (expected: one of " + BACKENDS + ")\n" + USAGE);
    }
    only = Set.copyOf(only);
    gatewayJvmOptions = List.copyOf(gatewayJvmOptions);
  }

  /**
   * Parses the arguments; paths default to the repository found upwards from {@code cwd}.
   *
   * @throws IllegalArgumentException naming the bad argument and what was expected
   */
  public static BenchOptions parse(List<String> args, Path cwd, String gatewayJavaOpts) {
    String mode = "full";
    String backend = "both";
    Set<String> only = Set.of();
    Path root = repositoryRoot(cwd);
    Path output = root.resolve("docs/benchmarks.md");
    Path reports = root.resolve("loadtest/target/reports");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--smoke", "--quick", "--full" -> mode = arg.substring(2);
        case "--backend" -> backend = value(args, ++i, arg);
        case "--only" -> only = Set.of(value(args, ++i, arg).split(","));
        case "--output" -> output = cwd.resolve(value(args, ++i, arg));
        case "--reports" -> reports = cwd.resolve(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown argument: " + arg + "\n" + USAGE);
      }
    }
    List<String> jvm =
        gatewayJavaOpts == null || gatewayJavaOpts.isBlank()
            ? DEFAULT_GATEWAY_JVM
            : List.of(gatewayJavaOpts.strip().split("\\s+"));
    return new BenchOptions(mode, backend, only, output, reports, new ArrayList<>(jvm), root);
  }

  /** Whether the local backend is measured. */
  public boolean runsLocal() {
    return !backend.equals("kubernetes");
  }

  /** Whether the Kubernetes mode is measured. */
  public boolean runsKubernetes() {
    return !backend.equals("local");
  }

  private static String value(List<String> args, int index, String flag) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(flag + ": missing value\n" + USAGE);
    }
    return args.get(index);
  }

  /** The nearest directory upwards with {@code mvnw} and {@code loadtest/}; else {@code cwd}. */
  static Path repositoryRoot(Path cwd) {
    for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("loadtest"))) {
        return dir;
      }
    }
    return cwd.toAbsolutePath();
  }
}
