package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.Percentiles;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Refill of the local pool: one claim at a time on a quiet gateway, from a pool that deletes
 * released sandboxes (so each claim needs a new one), then {@code ListPools} polled back to back
 * until the pool reports all its sandboxes ready again. The time from the claim's answer to that
 * report is the refill (its resolution is one ListPools round trip). The operator's refill of a
 * Kubernetes pool is measured by {@link OperatorRefillScenario}.
 */
final class RefillScenario implements Scenario {
  static final String TITLE = "Refill of the local pool";

  /** The shared gateway's pool measured here: release policy Delete. */
  static final String POOL = "fresh";

  /** Its size. */
  static final int REPLICAS = 10;

  private static final long P50_TARGET_US = 100_000;
  private static final long REFILL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Override
  public String name() {
    return "refill";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    GatewayCalls calls = context.sharedCalls();
    int replicas = REPLICAS;
    ClaimOps.awaitRefilled(calls, POOL, replicas);
    Histogram refill = new Histogram(3);
    List<String> details = new ArrayList<>();
    for (int i = 0; i < context.plan().refillSamples(); i++) {
      ClaimResponse claim =
          calls.claim(GatewayCalls.spec(POOL, 0, 10_000)).get(30, TimeUnit.SECONDS);
      long answered = System.nanoTime();
      long polls = 0;
      while (calls.pool(POOL).get(10, TimeUnit.SECONDS).getReady() < replicas) {
        polls++;
        if (System.nanoTime() - answered > REFILL_TIMEOUT_NANOS) {
          details.add("refill " + i + ": pool not refilled within 30 s after " + polls + " polls");
          break;
        }
      }
      refill.recordValue((System.nanoTime() - answered) / 1_000);
      calls.release(GatewayCalls.ref(claim)).get(30, TimeUnit.SECONDS);
    }
    return result(context, Percentiles.of(refill), details);
  }

  private static ScenarioResult result(SuiteContext context, Percentiles p, List<String> details) {
    Table table =
        Table.of("samples", "p50", "p99", "max")
            .with(Cells.count(p.count()), Cells.ms(p.p50()), Cells.ms(p.p99()), Cells.ms(p.max()));
    boolean ok = p.p50() <= P50_TARGET_US && details.isEmpty();
    Section section =
        new Section(
            TITLE,
            """
            %d sequential claims on the shared gateway's pool `fresh` (%d sandboxes, release
            policy Delete, so that every claim needs a new sandbox); after each answer, `ListPools`
            is called back to back until `ready` is %d again, then the sandbox is released. The
            replacement is started by the claim itself (a new in-process sidecar and workspace,
            health-checked over the gateway's channel before it counts as ready).
            """
                .formatted(context.plan().refillSamples(), REPLICAS, REPLICAS),
            List.of(table),
            List.of());
    TargetCheck target =
        new TargetCheck(
            "Refill: replacement created <= 100 ms (p50) after a claim is visible",
            "local pool: p50 " + Cells.ms(p.p50()) + " ms, p99 " + Cells.ms(p.p99()) + " ms",
            Verdict.of(ok),
            TITLE);
    return new ScenarioResult(section, List.of(target), details.size(), details, List.of());
  }
}
