package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.loadtest.client.ExecOutcome;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.client.SidecarCalls;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.Operation;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.Profile;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Round trip of an exec of {@code true}: the process-spawn floor alone (the harness's own JVM
 * starting {@code /bin/true}), direct to a standalone sidecar, and through the gateway to one of
 * its sandboxes. The gateway's cost is the difference between the last two, measured interleaved
 * (one schedule, arrivals alternating between the paths) and unprofiled; a missed target is
 * profiled in a separate pass.
 */
final class ExecScenario implements Scenario {
  static final String TITLE = "Exec round trip: gateway vs direct to the sidecar";
  private static final long ADDED_P50_TARGET_US = 300;
  private static final Duration EXEC_DEADLINE = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    GatewayCalls gateway = context.sharedCalls();
    SandboxRef sandbox = context.heldSandbox();
    SidecarCalls direct = context.directSidecar();
    ExecStart start = ExecStart.newBuilder().addArgv("true").build();
    int rate = context.plan().execRate();
    OpenLoop loop = new OpenLoop(Duration.ofSeconds(30), 10_000);
    RunResult floor;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      floor = loop.run(context.warmup(rate), context.measured(rate), i -> spawnTrue(threads));
    }
    Operation viaGateway = checked(i -> gateway.exec(sandbox, start, EXEC_DEADLINE));
    // Both paths share the plan's rate for twice as long: each gets as many arrivals as a path of
    // its own would, and the machine spawns as many processes per second (doubling the rate was
    // tried: both paths' p50 went from about 12 to 30 ms, as spawns saturated the two cores).
    List<RunResult> paths =
        loop.interleaved(
            new ArrivalSchedule(rate, context.plan().warmup().multipliedBy(2)),
            new ArrivalSchedule(rate, context.plan().measure().multipliedBy(2)),
            List.of(checked(i -> direct.exec(start, EXEC_DEADLINE)), viaGateway));
    ScenarioResult result = result(context, floor, paths.get(0), paths.get(1));
    if (result.targets().get(0).verdict() == Verdict.MET || !context.plan().jfr()) {
      return result;
    }
    return result.withProfiles(profile(context, loop, viaGateway, rate));
  }

  // The profiler is kept off the measured runs (it would tax the recorded path only).
  private static List<Profile> profile(
      SuiteContext context, OpenLoop loop, Operation viaGateway, int rate) {
    Recording jfr = Recording.start(context, context.sharedGateway().process(), "exec");
    loop.run(context.measured(rate), viaGateway);
    return jfr.profile("gateway during " + TITLE + " (a separate pass of gateway execs)");
  }

  // A run only counts when the process really ran and exited 0.
  private static Operation checked(
      java.util.function.IntFunction<CompletableFuture<ExecOutcome>> exec) {
    return i ->
        exec.apply(i)
            .thenApply(
                outcome -> {
                  if (outcome.exitCode() != 0) {
                    throw new IllegalStateException("true exited with " + outcome.exitCode());
                  }
                  return outcome;
                });
  }

  private static CompletableFuture<Void> spawnTrue(ExecutorService threads) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    threads.execute(
        () -> {
          try {
            int code = new ProcessBuilder("/bin/true").start().waitFor();
            if (code != 0) {
              throw new IllegalStateException("/bin/true exited with " + code);
            }
            done.complete(null);
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  private static ScenarioResult result(
      SuiteContext context, RunResult floor, RunResult direct, RunResult gateway) {
    long addedP50 = gateway.latency().p50() - direct.latency().p50();
    long errors = floor.failed() + direct.failed() + gateway.failed();
    boolean ok = addedP50 <= ADDED_P50_TARGET_US && errors == 0;
    List<String> details = new ArrayList<>(Runs.details("spawn floor", floor));
    details.addAll(Runs.details("direct exec", direct));
    details.addAll(Runs.details("gateway exec", gateway));
    TargetCheck target =
        new TargetCheck(
            "Exec of `true` through the gateway vs direct: <= 0.3 ms added at p50",
            Cells.ms(addedP50)
                + " ms added at p50 (direct "
                + Cells.ms(direct.latency().p50())
                + ", gateway "
                + Cells.ms(gateway.latency().p50())
                + ", spawn floor "
                + Cells.ms(floor.latency().p50())
                + ")",
            Verdict.of(ok),
            TITLE);
    return new ScenarioResult(
        section(context, floor, direct, gateway), List.of(target), errors, details, List.of());
  }

  private static Section section(
      SuiteContext context, RunResult floor, RunResult direct, RunResult gateway) {
    Table table =
        Table.of("path", "p50", "p99", "p999", "achieved/s", "errors")
            .with(Runs.row(floor, "spawn floor: the harness JVM runs /bin/true"))
            .with(Runs.row(direct, "direct: Sidecar.Exec to a standalone sidecar"))
            .with(Runs.row(gateway, "gateway: Gateway.Exec to a held sandbox"));
    return new Section(
        TITLE,
        """
        Open-loop execs of `true` (argv, no shell), each timed until its stream completed (after
        the exited event). Direct and gateway run interleaved: one schedule of %d/s for %s after
        %s of warm-up, its arrivals alternating between the two paths, so both see the same
        moments of the machine; no profiler runs meanwhile. **direct**: the harness binds
        a standalone sidecar JVM (the gateway's JVM options and native access) to a lease and calls
        `Sidecar.Exec` itself. **gateway**: `Gateway.Exec` on a sandbox held through the shared
        gateway, which relays to that sandbox's sidecar, served in the gateway's JVM over gRPC's
        in-process transport (local mode: no second network hop).
        """
            .formatted(
                context.plan().execRate(),
                Cells.duration(context.plan().measure().multipliedBy(2)),
                Cells.duration(context.plan().warmup().multipliedBy(2))),
        List.of(table),
        List.of(
            "Added by the gateway: p50 "
                + Cells.ms(gateway.latency().p50() - direct.latency().p50())
                + " ms, p99 "
                + Cells.ms(gateway.latency().p99() - direct.latency().p99())
                + " ms."));
  }
}
