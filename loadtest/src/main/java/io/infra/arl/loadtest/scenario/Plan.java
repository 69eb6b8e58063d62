package io.infra.arl.loadtest.scenario;

import java.time.Duration;
import java.util.List;

/**
 * The sizes, rates and durations of one run. {@link #full()} is what docs/benchmarks.md reports;
 * {@link #quick()} is the same shape in about a third of the time; {@link #smoke()} only proves
 * every scenario completes without errors (~30 s, for CI: no thresholds on absolute times).
 *
 * @param mode "full", "quick" or "smoke"
 * @param warmup untimed load before each measured phase (JIT, connections, pools)
 * @param jitWarmUpMax longest untimed load before the first claim phase of each mode, run until the
 *     JIT compilers of the gateway and of the generator have settled ({@link JitWarmUp}); zero:
 *     none
 * @param measure duration of each measured latency phase
 * @param sharedPool ready sandboxes of the gateway most scenarios share
 * @param claimRates claims per second of the claim-latency phases (same rates for the baseline)
 * @param kubePool ready pods of the Kubernetes baseline's pool
 * @param cycleRates claim+release cycles per second, stepped up until one is not sustained
 * @param cycleStep duration of each capacity step
 * @param poolSizes ready sandboxes of the pool-size phases
 * @param poolSizeRate claims per second of the pool-size phases
 * @param execRate execs per second of the exec round-trip phases
 * @param streamBytes stdout bytes streamed per streaming run
 * @param streamRuns streaming runs per path (gateway, direct), alternating
 * @param sessionCounts idle sessions held at each heap measurement (cumulative)
 * @param sessionOpenRate sessions opened per second
 * @param refillSamples claims whose refill is timed
 * @param idleBeforeRss how long a sidecar idles before its RSS is read
 * @param toolDuration duration of each ghz and k6 run
 * @param toolRateScale multiplier of the ghz and k6 default rates (1 = full)
 * @param jfr whether to record JFR during the measured scenarios
 * @param gatewayJvmExtra JVM options added to the gateways' (smoke: C1 only, for fast starts)
 * @param reuseGateways whether scenarios that want a gateway of their own take the shared one when
 *     its size fits (smoke: fewer JVM starts; the numbers of such a run mean nothing)
 * @param kubernetesPool pods of the Kubernetes mode's claim pool ({@code releasePolicy: Reset});
 *     smoke: more than the smoke's claims, so a pool whose pods do not come back is not starved
 */
public record Plan(
    String mode,
    Duration warmup,
    Duration jitWarmUpMax,
    Duration measure,
    int sharedPool,
    List<Integer> claimRates,
    int kubePool,
    List<Integer> cycleRates,
    Duration cycleStep,
    List<Integer> poolSizes,
    int poolSizeRate,
    int execRate,
    long streamBytes,
    int streamRuns,
    List<Integer> sessionCounts,
    int sessionOpenRate,
    int refillSamples,
    Duration idleBeforeRss,
    Duration toolDuration,
    double toolRateScale,
    boolean jfr,
    List<String> gatewayJvmExtra,
    boolean reuseGateways,
    int kubernetesPool) {

  /** Defensive copies. */
  public Plan {
    claimRates = List.copyOf(claimRates);
    cycleRates = List.copyOf(cycleRates);
    poolSizes = List.copyOf(poolSizes);
    sessionCounts = List.copyOf(sessionCounts);
    gatewayJvmExtra = List.copyOf(gatewayJvmExtra);
  }

  /** The plan of a mode by name. */
  public static Plan of(String mode) {
    return switch (mode) {
      case "full" -> full();
      case "quick" -> quick();
      case "smoke" -> smoke();
      default ->
          throw new IllegalArgumentException("mode: " + mode + " (expected: full, quick, smoke)");
    };
  }

  /** The reported run: about 10 minutes on 2 cores. */
  public static Plan full() {
    return new Plan(
        "full",
        Duration.ofSeconds(2),
        Duration.ofSeconds(40),
        Duration.ofSeconds(8),
        200,
        List.of(100, 500, 1000),
        100,
        // Finer where the targets are (2,000/s for one gateway): a stall at 2,400 no longer
        // reports 1,600.
        List.of(50, 200, 800, 1200, 1600, 2000, 2400, 3200),
        Duration.ofSeconds(5),
        List.of(10, 1000, 10000),
        50,
        50,
        1L << 30,
        3, // an odd count: the median is a real middle run, not the slower of two
        List.of(1000, 10000),
        200,
        100,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        1.0,
        true,
        List.of(),
        false,
        200);
  }

  /** The same shape, shorter: ~4 minutes. */
  public static Plan quick() {
    return new Plan(
        "quick",
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(3),
        200,
        List.of(100, 500, 1000),
        100,
        List.of(50, 200, 800),
        Duration.ofSeconds(3),
        List.of(10, 1000),
        50,
        50,
        256L << 20,
        1,
        List.of(1000),
        200,
        30,
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        1.0,
        true,
        List.of(),
        false,
        200);
  }

  /** Every scenario, tiny: proves they all complete with zero errors (~30 s of load). */
  public static Plan smoke() {
    return new Plan(
        "smoke",
        Duration.ofMillis(200),
        Duration.ZERO,
        Duration.ofSeconds(1),
        20,
        List.of(20),
        10,
        List.of(50),
        Duration.ofSeconds(1),
        List.of(20),
        50,
        20,
        16L << 20,
        1,
        List.of(50),
        200,
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        0.2,
        false,
        List.of("-XX:TieredStopAtLevel=1"),
        true,
        40);
  }
}
