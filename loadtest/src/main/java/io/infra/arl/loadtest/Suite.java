package io.infra.arl.loadtest;

import io.infra.arl.loadtest.report.BenchReport;
import io.infra.arl.loadtest.report.MachineFacts;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import io.infra.arl.loadtest.scenario.Plan;
import io.infra.arl.loadtest.scenario.Scenario;
import io.infra.arl.loadtest.scenario.Scenarios;
import io.infra.arl.loadtest.scenario.SuiteContext;
import io.infra.arl.loadtest.stack.GatewayLauncher;
import io.infra.arl.loadtest.stack.LocalGatewayLauncher;
import io.infra.arl.loadtest.stack.ModuleJar;
import io.infra.arl.testing.tools.Tool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scenarios of a plan against one backend and gathers the report. A scenario that throws
 * is reported as failed (with its exception) and the others still run.
 */
public final class Suite {
  private static final Logger LOG = LoggerFactory.getLogger(Suite.class);

  private Suite() {}

  /** Runs the suite and returns its report (not yet written anywhere). */
  public static BenchReport run(BenchOptions options) throws IOException {
    Path workDir = Files.createTempDirectory("arl-bench-");
    GatewayLauncher launcher = launcher(options.backend(), options.repositoryRoot(), workDir);
    Plan plan = Plan.of(options.mode());
    Instant started = Instant.now();
    MachineFacts machine = MachineFacts.read();
    Files.createDirectories(options.reportsDir());
    List<ScenarioResult> results = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    try (SuiteContext context =
        new SuiteContext(
            plan,
            workDir,
            options.reportsDir(),
            launcher,
            options.gatewayJvmOptions(),
            options.repositoryRoot())) {
      results.addAll(runSelected(options, context));
      commands.addAll(context.commands());
      versions.addAll(toolVersions(context));
      LOG.info("Kept logs dir={}", workDir);
    }
    deleteDirectories(workDir); // jar copies and workspaces; the logs stay for a post-mortem
    return new BenchReport(
        plan.mode(),
        launcher.describe(),
        started,
        Duration.between(started, Instant.now()),
        machine,
        MachineFacts.currentLoadAverage(),
        versions,
        reproduce(options, commands),
        results,
        notYetMeasured(launcher));
  }

  private static List<ScenarioResult> runSelected(BenchOptions options, SuiteContext context) {
    List<Scenario> selected =
        Scenarios.all().stream()
            .filter(s -> options.only().isEmpty() || options.only().contains(s.name()))
            .toList();
    context.prestart(
        selected.stream().anyMatch(Scenario::usesKubernetes),
        selected.stream().anyMatch(Scenario::usesSharedGateway));
    List<ScenarioResult> results = new ArrayList<>();
    for (Scenario scenario : selected) {
      results.add(runOne(scenario, context));
    }
    return results;
  }

  private static List<String> toolVersions(SuiteContext context) {
    return List.of(Tool.GHZ, Tool.K6, Tool.KUBE_APISERVER, Tool.ETCD).stream()
        .map(tool -> tool.executable() + " " + context.tools().version(tool))
        .toList();
  }

  private static ScenarioResult runOne(Scenario scenario, SuiteContext context) {
    long started = System.nanoTime();
    LOG.info("Started scenario name={}", scenario.name());
    try {
      ScenarioResult result = scenario.run(context);
      LOG.info(
          "Finished scenario name={} errors={} seconds={}",
          scenario.name(),
          result.errors(),
          (System.nanoTime() - started) / 1_000_000_000);
      return result;
    } catch (Exception e) {
      LOG.error("Failed scenario name={}", scenario.name(), e);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return new ScenarioResult(
          new Section(
              "Scenario " + scenario.name() + " failed",
              "```\n" + trace + "```",
              List.of(),
              List.of()),
          List.of(
              new TargetCheck(
                  "scenario " + scenario.name(),
                  "failed: " + e,
                  Verdict.NOT_MEASURED,
                  "Scenario " + scenario.name() + " failed")),
          1,
          List.of(scenario.name() + ": " + e),
          List.of());
    }
  }

  private static void deleteDirectories(Path workDir) throws IOException {
    try (var children = Files.list(workDir)) {
      for (Path child : children.filter(Files::isDirectory).toList()) {
        try (var paths = Files.walk(child)) {
          for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static String brief(Exception e) {
    String first = String.valueOf(e).lines().findFirst().orElse("");
    return first.length() > 160 ? first.substring(0, 160) + "..." : first;
  }

  private static GatewayLauncher launcher(String backend, Path repositoryRoot, Path workDir) {
    return switch (backend) {
      case "local" ->
          new LocalGatewayLauncher(
              ModuleJar.gateway(repositoryRoot, workDir.resolve("jars")).orElse(null));
      default ->
          throw new IllegalArgumentException(
              "--backend: "
                  + backend
                  + " (expected: local; the gateway's Kubernetes mode is not"
                  + " built yet, see docs/benchmarks.md \"Not yet measured\")");
    };
  }

  private static List<String> reproduce(BenchOptions options, List<String> tools) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# the whole suite (builds what it needs, ~10 min on 2 cores), rewrites docs/benchmarks.md");
    lines.add("bin/bench" + (options.mode().equals("full") ? "" : " --" + options.mode()));
    lines.add(
        "# the same shape in ~4 min, or every scenario tiny (~1 min, what CI runs as BenchSmokeIT)");
    lines.add("bin/bench --quick");
    lines.add("bin/bench --smoke");
    lines.add(
        "# one scenario: --only "
            + String.join(",", Scenarios.all().stream().map(Scenario::name).toList()));
    lines.add(
        "# gateway JVM options: ARL_BENCH_GATEWAY_JAVA_OPTS (default: "
            + String.join(" ", BenchOptions.DEFAULT_GATEWAY_JVM)
            + "; this run: "
            + String.join(" ", options.gatewayJvmOptions())
            + ")");
    lines.add("# the tool runs of this run, exactly (gateway address and sandbox differ per run):");
    lines.addAll(tools);
    return lines;
  }

  private static List<String> notYetMeasured(GatewayLauncher launcher) {
    return List.of(
        "The gateway in **Kubernetes mode** (claims of real pods through the pod informer and Redis;"
            + " this run measured the `"
            + launcher.backend()
            + "` backend). The mode is being"
            + " written; once it exists, a `KubernetesGatewayLauncher implements GatewayLauncher`"
            + " (apiserver from `KubeCluster`, operator, pod stand-ins with real sidecars) makes"
            + " `bin/bench --backend kubernetes` run every scenario above against it unchanged.",
        "**Refill by the operator** (claim visible -> replacement pod created <= 100 ms p50): needs"
            + " the operator's WarmPool controller in the Kubernetes-mode stack; the row above"
            + " measures the local pool's refill only.",
        "Claim latency with **10,000 ready sandboxes** and heap at **10,000 idle sessions** in local"
            + " mode, where this machine's file-descriptor limit allows: see the notes of those"
            + " sections (pods in Kubernetes mode hold no descriptors in the gateway).");
  }
}
