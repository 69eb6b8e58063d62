package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.Operation;
import io.infra.arl.loadtest.stack.JitCompilers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Untimed load, slice after slice, until the JVMs on the measured path have compiled it: until no
 * JVM's JIT compilers used more than {@link #SETTLED_SHARE} of a core during the last slice. A
 * fixed warm-up is either too short on a loaded 2-core machine (the gateway's C2 compiler then
 * takes half a core from the claims being timed: p50 19 ms instead of 1.3 ms in a quick Kubernetes
 * run at 500/s) or wastes the time budget when the machine is idle.
 */
final class JitWarmUp {
  /** Compiler CPU per slice, as a share of one core, below which a JVM counts as warm. */
  static final double SETTLED_SHARE = 0.10;

  static final Duration SLICE = Duration.ofSeconds(2);

  /** Claims (each released at once) per second of the warm-up slices. */
  static final int CLAIM_RATE = 300;

  private static final Logger LOG = LoggerFactory.getLogger(JitWarmUp.class);

  /**
   * What the warm-up did.
   *
   * @param took how long it ran
   * @param settled whether the compilers settled before {@code max}
   * @param lastShare the busiest JVM's compiler share of a core in the last slice
   */
  record Outcome(Duration took, boolean settled, double lastShare) {
    static final Outcome NONE = new Outcome(Duration.ZERO, false, Double.NaN);

    /** For the report: a phrase that follows "warmed with". */
    String describe() {
      if (this == NONE) {
        return "no JIT warm-up (smoke)";
      }
      return settled
          ? "%d s of untimed load until the JIT compilers of the gateway and of the generator used at most %d%% of a core over %d s"
              .formatted(took.toSeconds(), Math.round(SETTLED_SHARE * 100), SLICE.toSeconds())
          : "%d s of untimed load (the JIT compilers still used %d%% of a core at the end)"
              .formatted(took.toSeconds(), Math.round(lastShare * 100));
    }
  }

  private JitWarmUp() {}

  /**
   * Runs {@code operation} at {@code rate} per second in slices until the compilers of every JVM of
   * {@code pids} have settled, or {@code max} has passed.
   */
  static Outcome run(List<Long> pids, double rate, Duration max, Operation operation) {
    if (max.isZero()) {
      return Outcome.NONE;
    }
    OpenLoop loop = new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(rate));
    long started = System.nanoTime();
    while (true) {
      List<Map<Long, Long>> before = compilerMillis(pids);
      long sliceStarted = System.nanoTime();
      loop.run(new ArrivalSchedule(rate, SLICE), operation);
      long sliceMillis = Math.max(1, (System.nanoTime() - sliceStarted) / 1_000_000);
      List<Map<Long, Long>> after = compilerMillis(pids);
      double share = 0;
      for (int i = 0; i < pids.size(); i++) {
        share = Math.max(share, busiestShare(before.get(i), after.get(i), sliceMillis));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("Warmed slice rate={} compiler_share={} took_ms={}", rate, share, took.toMillis());
      if (share <= SETTLED_SHARE || took.compareTo(max) >= 0) {
        return new Outcome(took, share <= SETTLED_SHARE, share);
      }
    }
  }

  /**
   * The compilers' CPU during a slice as a share of one core, thread by thread; a compiler thread
   * that ended during the slice took time no reading shows, so the JVM counts as still compiling.
   */
  static double busiestShare(Map<Long, Long> before, Map<Long, Long> after, long sliceMillis) {
    long used = 0;
    for (Map.Entry<Long, Long> thread : before.entrySet()) {
      Long now = after.get(thread.getKey());
      if (now == null) {
        return 1;
      }
      used += now - thread.getValue();
    }
    for (Map.Entry<Long, Long> thread : after.entrySet()) {
      if (!before.containsKey(thread.getKey())) {
        used += thread.getValue(); // started during the slice
      }
    }
    return used / (double) sliceMillis;
  }

  private static List<Map<Long, Long>> compilerMillis(List<Long> pids) {
    return pids.stream().map(JitCompilers::cpuMillis).toList();
  }
}
