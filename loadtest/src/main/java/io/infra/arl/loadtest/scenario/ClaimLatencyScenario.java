package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.Percentiles;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.stack.GatewayProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Claim latency through the gateway (Redis lease store) at each planned rate, next to the same
 * rates claimed the Kubernetes way against the run's apiserver; the ratio of the p99s is the
 * headline. Every claim is released as soon as it is answered (not timed), so the pool stays warm.
 */
final class ClaimLatencyScenario implements Scenario {
  static final String TITLE = "Claim latency: gateway with Redis vs the Kubernetes way";

  /** Rate of the untimed warm-up before the first phase (gateway and apiserver alike). */
  static final int PREWARM_RATE = 20;

  @Override
  public boolean usesKubernetes() {
    return true;
  }

  @Override
  public String name() {
    return "claim";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    context.kube(); // started in the background: let it finish before anything is timed
    GatewayProcess gateway = context.sharedGateway();
    GatewayCalls calls = context.sharedCalls();
    Recording jfr = Recording.start(context, gateway.process(), "claim-latency");
    Map<Integer, RunResult> ours = new LinkedHashMap<>();
    Map<Integer, Percentiles> serverSide = new LinkedHashMap<>();
    LongAdder releaseErrors = new LongAdder();
    // The gateway has just started: warm the whole claim path (JIT, channels) at a rate it keeps
    // up with, so the first timed phase measures claims, not compilation.
    ClaimSpec warmSpec = GatewayCalls.spec("default", 0, 10_000);
    new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(PREWARM_RATE))
        .run(
            new ArrivalSchedule(PREWARM_RATE, context.plan().warmup().multipliedBy(3)),
            i -> ClaimOps.claimThenRelease(calls, warmSpec, releaseErrors));
    JitWarmUp.Outcome warmUp =
        JitWarmUp.run(
            List.of(gateway.process().pid(), ProcessHandle.current().pid()),
            JitWarmUp.CLAIM_RATE,
            context.plan().jitWarmUpMax(),
            i -> ClaimOps.claimThenRelease(calls, warmSpec, releaseErrors));
    ClaimOps.awaitRefilled(calls, context.plan().sharedPool());
    for (int rate : context.plan().claimRates()) {
      OpenLoop loop = new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(rate));
      ClaimSpec spec = GatewayCalls.spec("default", 0, 10_000);
      Recorder discarded = new Recorder(3);
      loop.run(context.warmup(rate), i -> timedClaim(calls, spec, discarded, releaseErrors));
      Recorder inGateway = new Recorder(3);
      ours.put(
          rate,
          loop.run(context.measured(rate), i -> timedClaim(calls, spec, inGateway, releaseErrors)));
      serverSide.put(rate, Percentiles.of(inGateway.getIntervalHistogram()));
      ClaimOps.awaitRefilled(calls, context.plan().sharedPool());
    }
    jfr.stop();
    Map<Integer, KubeBaseline.Phase> kube = KubeBaseline.run(context, context.plan().claimRates());
    var measured = new ClaimLatencyReport.Measured(ours, serverSide, kube, releaseErrors.sum());
    return ClaimLatencyReport.result(context, measured, jfr, warmUp);
  }

  // Also records the time the gateway itself reports for the claim.
  private static CompletableFuture<?> timedClaim(
      GatewayCalls calls, ClaimSpec spec, Recorder inGateway, LongAdder releaseErrors) {
    return ClaimOps.claimThenRelease(calls, spec, releaseErrors)
        .thenAccept(claim -> inGateway.recordValue(Math.max(0, claim.getClaimLatencyUs())));
  }
}
