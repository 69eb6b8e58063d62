package io.infra.arl.loadtest;

import io.infra.arl.loadtest.report.BenchReport;
import io.infra.arl.loadtest.report.MachineFacts;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.StealWatch;
import io.infra.arl.loadtest.scenario.KubernetesMode;
import io.infra.arl.loadtest.scenario.Plan;
import io.infra.arl.loadtest.scenario.Scenario;
import io.infra.arl.loadtest.scenario.ScenarioFailure;
import io.infra.arl.loadtest.scenario.Scenarios;
import io.infra.arl.loadtest.scenario.SuiteContext;
import io.infra.arl.loadtest.stack.GatewayLauncher;
import io.infra.arl.loadtest.stack.LocalGatewayLauncher;
import io.infra.arl.loadtest.stack.ModuleJar;
import io.infra.arl.testing.files.FileTrees;
import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolBinaries;
import java.io.IOException;
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

  /**
   * Runs the suite against the backends of {@code options} (local, then Kubernetes) and returns one
   * report with both (not yet written anywhere).
   */
  public static BenchReport run(BenchOptions options) throws IOException {
    Path workDir = Files.createTempDirectory("arl-bench-");
    Plan plan = Plan.of(options.mode());
    Instant started = Instant.now();
    MachineFacts machine = MachineFacts.read();
    Files.createDirectories(options.reportsDir());
    List<ScenarioResult> results = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    List<String> backends = new ArrayList<>();
    if (options.runsLocal()) {
      GatewayLauncher launcher = launcher(options.repositoryRoot(), workDir);
      backends.add(launcher.describe());
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
        versions.addAll(toolVersions(context.tools()));
      }
    }
    if (options.runsKubernetes() && KubernetesMode.selected(options.only())) {
      backends.add(KUBERNETES_BACKEND);
      results.addAll(runKubernetes(options, plan, workDir, commands));
      if (versions.isEmpty()) {
        versions.addAll(toolVersions(ToolBinaries.fromEnvironment()));
      }
    }
    LOG.info("Kept logs dir={}", workDir);
    deleteDirectories(workDir); // jar copies and workspaces; the logs stay for a post-mortem
    return new BenchReport(
        plan.mode(),
        String.join("; ", backends),
        started,
        Duration.between(started, Instant.now()),
        machine,
        MachineFacts.currentLoadAverage(),
        versions,
        reproduce(options, commands),
        results,
        notYetMeasured(options));
  }

  private static final String KUBERNETES_BACKEND =
      "gateway in Kubernetes mode: the dev stack of `testing/` (kube-apiserver + etcd, operator,"
          + " pod stand-in with a real sidecar per pod, gateways with `arl.backend=kubernetes`, each"
          + " its own JVM; ADR 0020)";

  // A failure of the stack or of a scenario is reported like a failed scenario, never thrown.
  private static List<ScenarioResult> runKubernetes(
      BenchOptions options, Plan plan, Path workDir, List<String> commands) {
    long started = System.nanoTime();
    LOG.info("Started Kubernetes mode scenarios={}", KubernetesMode.SCENARIOS);
    try {
      List<ScenarioResult> results =
          KubernetesMode.run(
              plan,
              options.only(),
              options.repositoryRoot(),
              options.gatewayJvmOptions(),
              workDir,
              options.reportsDir(),
              commands::add);
      LOG.info(
          "Finished Kubernetes mode seconds={}", (System.nanoTime() - started) / 1_000_000_000);
      return results;
    } catch (Exception e) {
      LOG.error("Failed Kubernetes mode", e);
      return List.of(failed("kubernetes mode", e));
    }
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

  private static List<String> toolVersions(ToolBinaries tools) {
    return List.of(Tool.GHZ, Tool.K6, Tool.KUBE_APISERVER, Tool.ETCD).stream()
        .map(tool -> tool.executable() + " " + tools.version(tool))
        .toList();
  }

  private static ScenarioResult runOne(Scenario scenario, SuiteContext context) {
    long started = System.nanoTime();
    LOG.info("Started scenario name={}", scenario.name());
    StealWatch steal = StealWatch.start();
    try {
      ScenarioResult result = steal.noted(scenario.run(context));
      LOG.info(
          "Finished scenario name={} errors={} seconds={}",
          scenario.name(),
          result.errors(),
          (System.nanoTime() - started) / 1_000_000_000);
      return result;
    } catch (Exception e) {
      LOG.error("Failed scenario name={}", scenario.name(), e);
      return failed(scenario.name(), e);
    }
  }

  private static ScenarioResult failed(String name, Exception e) {
    return ScenarioFailure.of(name, e);
  }

  private static void deleteDirectories(Path workDir) throws IOException {
    try (var children = Files.list(workDir)) {
      children.filter(Files::isDirectory).forEach(FileTrees::delete);
    }
  }

  private static GatewayLauncher launcher(Path repositoryRoot, Path workDir) {
    return new LocalGatewayLauncher(
        ModuleJar.gateway(repositoryRoot, workDir.resolve("jars")).orElse(null));
  }

  private static List<String> reproduce(BenchOptions options, List<String> tools) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# the whole suite, local and Kubernetes mode (builds what it needs, <= 15 min on 2 cores),"
            + " rewrites docs/benchmarks.md");
    lines.add(
        "bin/bench"
            + (options.mode().equals("full") ? "" : " --" + options.mode())
            + (options.backend().equals("both") ? "" : " --backend " + options.backend()));
    lines.add("# one backend: --backend local | kubernetes (default: both)");
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

  private static List<String> notYetMeasured(BenchOptions options) {
    List<String> items = new ArrayList<>();
    if (!options.runsKubernetes()) {
      items.add(
          "The gateway in **Kubernetes mode** and the **operator's refill**: this run measured"
              + " the local backend only (`--backend local`); `--backend both` adds them.");
    } else {
      items.add(
          "Kubernetes mode runs the claim, capacity and refill scenarios only; exec, streaming,"
              + " sessions, ghz and k6 go through the same gateway code once a sandbox is claimed"
              + " and are measured in local mode. JFR records gateway 0 only; the operator, the"
              + " apiserver and the stand-in's sidecars are not profiled.");
    }
    if (options.runsLocal()) {
      items.add(
          "Claim latency with **10,000 ready sandboxes** and heap at **10,000 idle sessions** in"
              + " local mode, where this machine's file-descriptor limit allows: see the notes of"
              + " those sections (pods in Kubernetes mode hold no descriptors in the gateway).");
    }
    return items;
  }
}
