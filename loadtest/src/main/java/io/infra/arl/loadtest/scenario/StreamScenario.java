package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.loadtest.client.ExecOutcome;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.client.SidecarCalls;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Stdout throughput of {@code head -c N /dev/zero}: through the gateway vs direct to a standalone
 * sidecar, runs alternating so a noisy neighbour hurts both alike. The client counts bytes and
 * keeps none; the median run of each path is compared.
 */
final class StreamScenario implements Scenario {
  static final String TITLE = "Streaming stdout: gateway vs direct";
  private static final double RATIO_TARGET = 0.8;
  private static final long WARMUP_BYTES = 64L << 20;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private record Run(String path, long bytes, long nanos, long messages, String error) {
    double mibPerSecond() {
      return bytes / (1024.0 * 1024) / (nanos / 1e9);
    }
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    GatewayCalls gateway = context.sharedCalls();
    SandboxRef sandbox = context.heldSandbox();
    SidecarCalls direct = context.directSidecar();
    long bytes = context.plan().streamBytes();
    long warm = Math.min(bytes, WARMUP_BYTES);
    timed("direct", warm, () -> direct.exec(head(warm), DEADLINE));
    timed("gateway", warm, () -> gateway.exec(sandbox, head(warm), DEADLINE));
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < context.plan().streamRuns(); i++) {
      runs.add(timed("direct", bytes, () -> direct.exec(head(bytes), DEADLINE)));
      runs.add(timed("gateway", bytes, () -> gateway.exec(sandbox, head(bytes), DEADLINE)));
    }
    ScenarioResult result = result(context, runs);
    if (result.targets().get(0).verdict() == Verdict.MET || !context.plan().jfr()) {
      return result;
    }
    // The profiler is kept off the measured runs (it would tax the recorded path only).
    Recording jfr = Recording.start(context, context.sharedGateway().process(), "stream");
    timed("gateway", bytes, () -> gateway.exec(sandbox, head(bytes), DEADLINE));
    return result.withProfiles(
        jfr.profile("gateway during " + TITLE + " (a separate gateway run of the same size)"));
  }

  private static ExecStart head(long bytes) {
    return ExecStart.newBuilder()
        .addArgv("head")
        .addArgv("-c")
        .addArgv(Long.toString(bytes))
        .addArgv("/dev/zero")
        .setTimeoutMs(DEADLINE.toMillis())
        .build();
  }

  private static Run timed(String path, long bytes, Supplier<CompletableFuture<ExecOutcome>> exec) {
    long started = System.nanoTime();
    try {
      ExecOutcome outcome = exec.get().get(DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - started;
      String error =
          outcome.exitCode() != 0 || outcome.stdoutBytes() != bytes
              ? "exit "
                  + outcome.exitCode()
                  + ", "
                  + outcome.stdoutBytes()
                  + " of "
                  + bytes
                  + " bytes"
              : "";
      return new Run(path, outcome.stdoutBytes(), nanos, outcome.messages(), error);
    } catch (ExecutionException | TimeoutException e) {
      return new Run(path, 0, System.nanoTime() - started, 0, OpenLoop.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(path, 0, System.nanoTime() - started, 0, "interrupted");
    }
  }

  private static double median(List<Run> runs, String path) {
    double[] values =
        runs.stream()
            .filter(r -> r.path().equals(path))
            .mapToDouble(Run::mibPerSecond)
            .sorted()
            .toArray();
    return values.length == 0 ? 0 : values[(values.length - 1) / 2];
  }

  private static ScenarioResult result(SuiteContext context, List<Run> runs) {
    List<String> details = new ArrayList<>();
    for (Run r : runs) {
      if (!r.error().isEmpty()) {
        details.add(r.path() + " stream: " + r.error());
      }
    }
    double direct = median(runs, "direct");
    double gateway = median(runs, "gateway");
    double ratio = direct == 0 ? 0 : gateway / direct;
    boolean ok = ratio >= RATIO_TARGET && details.isEmpty();
    TargetCheck target =
        new TargetCheck(
            "Streaming stdout through the gateway >= 80% of direct-to-sidecar throughput",
            Cells.percent(ratio)
                + " ("
                + Math.round(gateway)
                + " vs "
                + Math.round(direct)
                + " MiB/s, "
                + Cells.mib(context.plan().streamBytes())
                + " per run)",
            Verdict.of(ok),
            TITLE);
    return new ScenarioResult(
        section(context, runs, direct, gateway),
        List.of(target),
        details.size(),
        details,
        List.of());
  }

  private static Section section(
      SuiteContext context, List<Run> runs, double direct, double gateway) {
    Table table = Table.of("run", "path", "bytes", "seconds", "MiB/s", "messages", "error");
    int n = 0;
    for (Run r : runs) {
      table =
          table.with(
              Integer.toString(++n),
              r.path(),
              Cells.count(r.bytes()),
              String.format(Locale.ROOT, "%.2f", r.nanos() / 1e9),
              String.format(Locale.ROOT, "%.0f", r.mibPerSecond()),
              Cells.count(r.messages()),
              r.error().isEmpty() ? "-" : r.error());
    }
    return new Section(
        TITLE,
        """
        `head -c %d /dev/zero` (argv) streamed as stdout events (at most 32 KiB each) to the
        harness, which counts the bytes; %d run(s) per path, alternating, after a %s warm-up on
        each; no profiler runs meanwhile. **direct**: `Sidecar.Exec` on the standalone sidecar
        (the gateway's JVM options and native access). **gateway**: `Gateway.Exec` on the held
        sandbox (the gateway relays with end-to-end flow control). Both use the same
        client channel settings (default HTTP/2 windows, gRPC's default inbound flow control).
        """
            .formatted(
                context.plan().streamBytes(), context.plan().streamRuns(), Cells.mib(WARMUP_BYTES)),
        List.of(table),
        List.of(
            "Median: direct "
                + Math.round(direct)
                + " MiB/s, gateway "
                + Math.round(gateway)
                + " MiB/s."));
  }
}
