package io.infra.arl.loadtest.scenario;

import com.google.protobuf.ByteString;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.tools.GhzConfig;
import io.infra.arl.loadtest.tools.GhzReports;
import io.infra.arl.loadtest.tools.ToolReport;
import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ghz scenarios of {@code loadtest/ghz/} against the shared gateway, with server reflection (no
 * .proto) at a fixed rate ({@code --rps}, ghz's name for the old {@code -q}) with {@code --async},
 * so requests go out on schedule whatever the previous ones do. Reports are kept as JSON next to
 * the filled configs under the reports directory.
 */
final class GhzScenario implements Scenario {
  static final String TITLE = "ghz scenarios";
  private static final String READ_FILE = "ghz/read-me.txt";
  private static final int READ_FILE_BYTES = 4096;

  @Override
  public String name() {
    return "ghz";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    GatewayCalls calls = context.sharedCalls();
    SandboxRef sandbox = context.heldSandbox();
    calls
        .writeFile(
            sandbox,
            FileWrite.newBuilder()
                .setPath(READ_FILE)
                .setContent(
                    ByteString.copyFrom("x".repeat(READ_FILE_BYTES), StandardCharsets.UTF_8))
                .build())
        .get(30, TimeUnit.SECONDS);
    Files.createDirectories(context.reportsDir());
    List<ToolReport> reports = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (String name : GhzConfig.SCENARIOS) {
      ToolReport report = runOne(context, GhzConfig.load(name), sandbox);
      reports.add(report);
      if (report.errors() > 0) {
        details.add("ghz " + name + ": " + report.errors() + " failed: " + report.errorSummary());
      }
      ClaimOps.awaitRefilled(calls, context.plan().sharedPool());
    }
    return result(context, reports, details);
  }

  private static ToolReport runOne(SuiteContext context, GhzConfig config, SandboxRef sandbox)
      throws Exception {
    double rate = Math.max(1, config.rate() * context.plan().toolRateScale());
    Duration duration = context.plan().toolDuration();
    Path report = context.reportsDir().resolve("ghz-" + config.name() + ".json");
    Path filled = context.reportsDir().resolve("ghz-" + config.name() + ".config.json");
    Files.writeString(
        filled,
        config.filled(
            context.sharedGateway().target(),
            rate,
            duration,
            report,
            sandbox.getId(),
            sandbox.getLeaseToken()));
    List<String> args = List.of("--config", filled.toString());
    context.command(context.tools().path(Tool.GHZ) + " " + String.join(" ", args));
    ToolRun run = context.toolRunner().run(Tool.GHZ, args, duration.plusSeconds(90));
    if (!run.succeeded() || !Files.exists(report)) {
      return new ToolReport(config.name(), rate, 0, 0, -1, -1, -1, 1, run.describe());
    }
    return GhzReports.parse(config.name(), rate, Files.readString(report));
  }

  private static ScenarioResult result(
      SuiteContext context, List<ToolReport> reports, List<String> details) {
    Table table =
        Table.of("scenario", "offered/s", "achieved/s", "requests", "p50", "p99", "errors");
    long errors = 0;
    for (ToolReport r : reports) {
      table =
          table.with(
              r.name(),
              Cells.rate(r.offeredPerSecond()),
              Cells.rate(r.achievedPerSecond()),
              Cells.count(r.count()),
              r.p50() < 0 ? "-" : Cells.ms(r.p50()),
              r.p99() < 0 ? "-" : Cells.ms(r.p99()),
              r.errors() == 0 ? "0" : r.errors() + " (" + r.errorSummary() + ")");
      errors += r.errors();
    }
    Section section =
        new Section(
            TITLE,
            """
            ghz with the configs in `loadtest/ghz/` (filled in with the gateway's address, the rate,
            %s per scenario, and a sandbox held for the run), against the shared gateway.
            **claim** claims with `idle_timeout_seconds: 1`, so the gateway's reaper releases each
            claim about a second later (ghz sends one call per request and cannot release in the
            same scenario; the claim+exec+release sequence is covered by k6 below). ghz measures
            from when it sends, and reports no p999.
            """
                .formatted(Cells.duration(context.plan().toolDuration())),
            List.of(table),
            List.of());
    return new ScenarioResult(section, List.of(), errors, details, List.of());
  }
}
