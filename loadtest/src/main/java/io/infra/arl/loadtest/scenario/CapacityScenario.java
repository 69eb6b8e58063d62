package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import io.infra.arl.loadtest.stack.GatewayProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most claim+release cycles per second one gateway sustains, found by stepping the open-loop
 * rate up until a step is not sustained; then the same with two gateways sharing the Redis lease
 * store (each gets half the rate). A step is sustained when every cycle succeeded, at least 95% of
 * the offered rate completed, and the median cycle stayed under {@link #SUSTAINED_P50_US}: an
 * overloaded open-loop step builds a queue, so its median climbs towards the step's length. The
 * median rather than the p99, because on a shared machine one stall of the process lifts the p99 of
 * a step that otherwise keeps up.
 */
final class CapacityScenario implements Scenario {
  static final String TITLE = "Claim+release capacity of one gateway";
  static final long SUSTAINED_P50_US = 100_000;
  private static final double CYCLES_TARGET = 2000;

  @Override
  public String name() {
    return "capacity";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    GatewayProcess gateway = context.sharedGateway();
    GatewayCalls one = context.sharedCalls();
    Recording jfr = Recording.start(context, gateway.process(), "capacity");
    ClaimOps.awaitRefilled(one, context.plan().sharedPool());
    int replicas = context.plan().sharedPool();
    Map<Integer, RunResult> single =
        steps(context.plan(), List.of(one), "default", () -> refill(List.of(one), replicas));
    jfr.stop();
    Map<Integer, RunResult> pair;
    try (GatewayProcess second =
            context
                .launcher()
                .start(
                    context.gatewaySettings("second", context.plan().sharedPool()),
                    context.workDir());
        var channel = new ChannelCloser(Channels.loopback(second.port()))) {
      GatewayCalls two = new GatewayCalls(channel.channel());
      ClaimOps.awaitRefilled(one, context.plan().sharedPool());
      pair =
          steps(
              context.plan(),
              List.of(one, two),
              "default",
              () -> refill(List.of(one, two), replicas));
    }
    return result(context.plan(), Wording.local(context.plan()), single, pair, jfr);
  }

  private static void refill(List<GatewayCalls> gateways, int replicas) {
    for (GatewayCalls calls : gateways) {
      ClaimOps.awaitRefilled(calls, replicas);
    }
  }

  /**
   * Steps the rate up over {@code gateways} (cycles alternate between them) on pool {@code pool},
   * running {@code refill} after each step, until a step is not sustained.
   */
  static Map<Integer, RunResult> steps(
      Plan plan, List<GatewayCalls> gateways, String pool, Runnable refill) {
    ClaimSpec spec = GatewayCalls.spec(pool, 0, 10_000);
    Map<Integer, RunResult> results = new LinkedHashMap<>();
    List<Integer> rates = plan.cycleRates();
    new OpenLoop(Duration.ofSeconds(10), OpenLoop.backlogCap(rates.getFirst()))
        .run(
            new ArrivalSchedule(rates.getFirst(), plan.warmup()),
            i -> ClaimOps.cycle(gateways, i, spec));
    for (int rate : rates) {
      OpenLoop loop = new OpenLoop(Duration.ofSeconds(10), OpenLoop.backlogCap(rate));
      RunResult r =
          loop.run(
              new ArrivalSchedule(rate, plan.cycleStep()), i -> ClaimOps.cycle(gateways, i, spec));
      results.put(rate, r);
      refill.run();
      if (!sustained(r)) {
        break;
      }
    }
    return results;
  }

  static boolean sustained(RunResult r) {
    return r.failed() == 0
        && r.achievedPerSecond() >= 0.95 * r.offeredPerSecond()
        && r.latency().p50() <= SUSTAINED_P50_US;
  }

  private static double best(Map<Integer, RunResult> steps) {
    return steps.values().stream()
        .filter(CapacityScenario::sustained)
        .mapToDouble(RunResult::achievedPerSecond)
        .max()
        .orElse(0);
  }

  /**
   * What differs between the backends in the report.
   *
   * @param title the section's heading
   * @param mode prefix of the summary row ("" or "Kubernetes mode: ")
   * @param setup how the gateways get and give back sandboxes, for the description
   */
  record Wording(String title, String mode, String setup) {
    static Wording local(Plan plan) {
      return new Wording(
          TITLE,
          "",
          """
          Leases in Redis; pool of %d ready sandboxes with the local default release policy,
          Reset (ADR 0026): a released sandbox is reset by its sidecar (processes killed,
          workspace emptied) and offered again, so a steady load creates no sandboxes; a cycle is
          a Bind, a Reset and two lease-store calls in the gateway's JVM."""
              .formatted(plan.sharedPool()));
    }
  }

  static ScenarioResult result(
      Plan plan,
      Wording w,
      Map<Integer, RunResult> single,
      Map<Integer, RunResult> pair,
      Recording jfr) {
    double one = best(single);
    double two = best(pair);
    boolean ok = one >= CYCLES_TARGET;
    // Errors at the lowest rate are real failures; at a higher rate they only end the search.
    RunResult firstOne = single.values().iterator().next();
    RunResult firstTwo = pair.values().iterator().next();
    List<String> details = new ArrayList<>(Runs.details("one gateway, first step", firstOne));
    details.addAll(Runs.details("two gateways, first step", firstTwo));
    TargetCheck target =
        new TargetCheck(
            w.mode() + ">= 2,000 claim+release cycles/s through one gateway on 2 cores",
            Cells.rate(one) + " cycles/s sustained (two gateways: " + Cells.rate(two) + ")",
            Verdict.of(ok),
            w.title());
    return new ScenarioResult(
        section(plan, w, table(single, pair), one, two),
        List.of(target),
        firstOne.failed() + firstTwo.failed(),
        details,
        ok ? List.of() : jfr.profile("gateway during " + w.title()));
  }

  private static Table table(Map<Integer, RunResult> single, Map<Integer, RunResult> pair) {
    Table table =
        Table.of(
            "gateways",
            "offered cycles/s",
            "p50",
            "p99",
            "p999",
            "achieved/s",
            "errors",
            "sustained");
    for (var e : single.entrySet()) {
      table = table.with(row("1", e.getKey(), e.getValue()));
    }
    for (var e : pair.entrySet()) {
      table = table.with(row("2", e.getKey(), e.getValue()));
    }
    return table;
  }

  private static String[] row(String gateways, int rate, RunResult r) {
    return Runs.append(Runs.row(r, gateways, Integer.toString(rate)), sustained(r) ? "yes" : "no");
  }

  private static Section section(Plan plan, Wording w, Table table, double one, double two) {
    return new Section(
        w.title(),
        """
        Open-loop claim+release cycles (a cycle's latency runs from the intended send of the
        claim to the release's answer), stepped up, %s per step, until a step is not sustained
        (an error, less than 95%% of the offered rate completed, or a median above %d ms).
        achieved/s counts completed cycles over the time from the first completion to the last
        plus one arrival interval (at least the step): a step served in full shows its offered
        rate. %s Then a second gateway on the same Redis joins and cycles alternate between the
        two. Both share the same 2 cores with the generator: two gateways on one machine measure
        contention, not scale-out.
        """
            .formatted(Cells.duration(plan.cycleStep()), SUSTAINED_P50_US / 1000, w.setup()),
        List.of(table),
        List.of(
            "Most sustained: one gateway "
                + Cells.rate(one)
                + " cycles/s, two gateways "
                + Cells.rate(two)
                + " cycles/s ("
                + Cells.ratio(one == 0 ? Double.NaN : two / one)
                + " of one)."));
  }
}
