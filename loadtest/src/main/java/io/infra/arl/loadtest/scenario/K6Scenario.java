package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.tools.K6Summary;
import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The k6 scripts of {@code loadtest/k6/} against the shared gateway at a constant arrival rate: the
 * bidirectional Session (open, exec, close) and the unary claim+exec+release sequence. k6 v1.8's
 * {@code k6/net/grpc} has a Stream API with client, server and bidirectional streams, so the
 * Session is driven by k6 itself. Thresholds are on p99; a smoke run passes {@code --no-thresholds}
 * (no thresholds on absolute times in CI).
 */
final class K6Scenario implements Scenario {
  static final String TITLE = "k6 scenarios";
  private static final int RATE = 20;
  private static final int EXIT_THRESHOLDS_CROSSED = 99;
  private static final String COMMON = "common.js";

  private record Script(String file, String prefix, String open, List<String> trends) {}

  private static final List<Script> SCRIPTS =
      List.of(
          new Script(
              "session.js",
              "session",
              "session_open_ms",
              List.of(
                  "session_open_ms",
                  "session_exec_true_ms",
                  "session_total_ms",
                  "grpc_req_duration")),
          new Script(
              "claim-exec-release.js",
              "cer",
              "cer_claim_ms",
              List.of("cer_claim_ms", "cer_exec_true_ms", "cer_cycle_ms")));

  @Override
  public String name() {
    return "k6";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    Table table = Table.of("script", "metric", "median", "p99", "p99.9", "count");
    List<String> details = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long errors = 0;
    for (Script script : SCRIPTS) {
      ClaimOps.awaitRefilled(context.sharedCalls(), context.plan().sharedPool());
      ScriptResult result = runOne(context, script);
      for (String[] row : result.rows()) {
        table = table.with(row);
      }
      notes.add(result.note());
      errors += result.errors();
      details.addAll(result.details());
    }
    return new ScenarioResult(
        section(context, table, notes), List.of(), errors, details, List.of());
  }

  private record ScriptResult(
      List<String[]> rows, String note, long errors, List<String> details) {}

  private static ScriptResult runOne(SuiteContext context, Script script) throws IOException {
    Path summaryFile = context.reportsDir().resolve("k6-" + script.prefix() + ".json");
    Files.deleteIfExists(summaryFile);
    int rate = (int) Math.max(1, Math.round(RATE * context.plan().toolRateScale()));
    ToolRun run = runScript(context, script, rate, summaryFile);
    if (!Files.exists(summaryFile)
        || (run.exitCode() != 0 && run.exitCode() != EXIT_THRESHOLDS_CROSSED)) {
      String failure = "k6 " + script.file() + ": " + run.describe();
      return new ScriptResult(List.of(), "`" + script.file() + "` failed", 1, List.of(failure));
    }
    K6Summary summary = K6Summary.parse(Files.readString(summaryFile));
    List<String[]> rows = new ArrayList<>();
    for (String trend : script.trends()) {
      rows.add(
          new String[] {
            script.file() + " @ " + rate + "/s",
            trend,
            ms(summary.trendMicros(trend, "med")),
            ms(summary.trendMicros(trend, "p(99)")),
            ms(summary.trendMicros(trend, "p(99.9)")),
            Cells.count(Math.round(summary.stat(trend, "count")))
          });
    }
    long failed = summary.count(script.prefix() + "_errors") + summary.failedChecks();
    List<String> crossed = summary.crossedThresholds();
    String note =
        "`"
            + script.file()
            + "` thresholds: "
            + (crossed.isEmpty() ? "all passed" : "crossed: " + String.join(", ", crossed));
    List<String> details =
        failed == 0
            ? List.of()
            : List.of("k6 " + script.file() + ": " + failed + " errors or failed checks");
    return new ScriptResult(rows, note, failed, details);
  }

  private static Section section(SuiteContext context, Table table, List<String> notes) {
    return new Section(
        TITLE,
        """
        k6 with `loadtest/k6/*.js` (constant-arrival-rate executor, %s, server reflection)
        against the shared gateway. `session.js`: one bidirectional `Session` per iteration (open,
        exec `true`, close). `claim-exec-release.js`: unary `Claim`, server-streaming `Exec` of
        `true`, unary `Release`. Script times use `Date.now()` (millisecond resolution);
        `grpc_req_duration` (the whole Session stream) is k6's own, precise, measure.
        """
            .formatted(Cells.duration(context.plan().toolDuration())),
        List.of(table),
        notes);
  }

  private static ToolRun runScript(SuiteContext context, Script script, int rate, Path summary)
      throws IOException {
    Path file = extract(context, script.file());
    extract(context, COMMON); // imported by every script from its own folder
    List<String> args = new ArrayList<>(List.of("run", "--quiet"));
    if (context.plan().mode().equals("smoke")) {
      args.add("--no-thresholds");
    }
    args.addAll(
        List.of(
            "-e",
            "GATEWAY=" + context.sharedGateway().target(),
            "-e",
            "RATE=" + rate,
            "-e",
            "DURATION=" + context.plan().toolDuration().toMillis() + "ms",
            "-e",
            "SUMMARY_FILE=" + summary,
            file.toString()));
    context.command(context.tools().path(Tool.K6) + " " + String.join(" ", args));
    return context
        .toolRunner()
        .run(Tool.K6, args, context.plan().toolDuration().plus(Duration.ofSeconds(90)));
  }

  // k6 takes a file; the scripts travel on the class path, as the ghz configs do.
  private static Path extract(SuiteContext context, String name) throws IOException {
    Path target = context.reportsDir().resolve("k6").resolve(name);
    Files.createDirectories(target.getParent());
    try (InputStream in =
        K6Scenario.class.getResourceAsStream("/io/infra/arl/loadtest/k6/" + name)) {
      if (in == null) {
        throw new IllegalStateException("k6 script " + name + " is not on the class path");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static String ms(long micros) {
    return micros < 0 ? "-" : Cells.ms(micros);
  }
}
