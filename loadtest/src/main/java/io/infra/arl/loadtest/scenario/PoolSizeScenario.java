package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.Profile;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import io.infra.arl.loadtest.stack.FileDescriptors;
import io.infra.arl.loadtest.stack.GatewayProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Claim latency with pools of different sizes (a fresh gateway per size, Redis leases, the same
 * rate), to show whether a claim's cost depends on how many sandboxes are ready. Also weighs one
 * ready local sandbox on the gateway's heap (live bytes after a full GC, per size), which the
 * idle-session scenario subtracts.
 */
final class PoolSizeScenario implements Scenario {
  static final String TITLE = "Claim latency vs pool size";
  private static final double FLAT_FACTOR = 1.5;

  private record Point(int size, RunResult run, long liveHeap, long releaseErrors) {}

  @Override
  public boolean usesSharedGateway() {
    return false;
  }

  @Override
  public String name() {
    return "poolsize";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    List<String> notes = new ArrayList<>();
    List<Integer> sizes = feasibleSizes(context.plan().poolSizes(), notes);
    List<Point> points = new ArrayList<>();
    List<Profile> profiles = new ArrayList<>();
    for (int size : sizes) {
      try (GatewayUse use = context.gateway("pool" + size, size);
          var channel = new ChannelCloser(Channels.loopback(use.gateway().port()))) {
        GatewayProcess gateway = use.gateway();
        GatewayCalls calls = new GatewayCalls(channel.channel());
        long heap = gateway.process().liveHeapBytes();
        Recording jfr = Recording.start(context, gateway.process(), "pool-" + size);
        ClaimSpec spec = GatewayCalls.spec("default", 0, 10_000);
        LongAdder releaseErrors = new LongAdder();
        int rate = context.plan().poolSizeRate();
        RunResult run =
            new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(rate))
                .run(
                    context.warmup(rate),
                    context.measured(rate),
                    i -> ClaimOps.claimThenRelease(calls, spec, releaseErrors));
        jfr.stop();
        points.add(new Point(size, run, heap, releaseErrors.sum()));
        if (size == sizes.getLast() && sizes.size() > 1) {
          profiles.addAll(jfr.profile("gateway with " + size + " ready sandboxes"));
        }
      }
    }
    return result(context, points, profiles, notes);
  }

  // In local mode each ready sandbox holds descriptors in the gateway's JVM; sizes that cannot fit
  // under the limit are replaced by the largest that can (rounded down to a thousand).
  private static List<Integer> feasibleSizes(List<Integer> planned, List<String> notes) {
    long limit = FileDescriptors.softLimit();
    long fit = (limit - FileDescriptors.RESERVED) / FileDescriptors.PER_READY_SANDBOX;
    List<Integer> sizes = new ArrayList<>();
    for (int size : planned) {
      if (size <= fit) {
        sizes.add(size);
        continue;
      }
      int largest = (int) (fit >= 1000 ? fit / 1000 * 1000 : fit);
      notes.add(
          Cells.count(size)
              + " ready local sandboxes need about "
              + Cells.count((long) size * FileDescriptors.PER_READY_SANDBOX)
              + " file descriptors in the gateway's JVM ("
              + FileDescriptors.PER_READY_SANDBOX
              + " each: the workspace directory's secure stream; sidecars are served in process); this machine's limit is "
              + Cells.count(limit)
              + " (hard limit, cannot be raised here), so "
              + Cells.count(largest)
              + " were measured instead.");
      if (!sizes.contains(largest)) {
        sizes.add(largest);
      }
    }
    return sizes;
  }

  private static ScenarioResult result(
      SuiteContext context, List<Point> points, List<Profile> profiles, List<String> planNotes) {
    long errors = 0;
    List<String> details = new ArrayList<>();
    for (Point p : points) {
      errors += p.run().failed() + p.releaseErrors();
      details.addAll(Runs.details("pool of " + p.size(), p.run()));
    }
    List<String> notes = new ArrayList<>(planNotes);
    Point first = points.getFirst();
    Point last = points.getLast();
    if (last.size() > first.size()) {
      double perSandbox =
          (last.liveHeap() - first.liveHeap()) / (double) (last.size() - first.size());
      context.heapPerReadySandbox(perSandbox);
      notes.add(
          "One ready local sandbox weighs about "
              + Cells.kib(perSandbox)
              + " on the gateway's"
              + " heap (slope of the live heap between the smallest and the largest pool).");
    }
    boolean flat = errors == 0 && flat(first.run(), last.run());
    TargetCheck target =
        new TargetCheck(
            "Flat claim latency from 10 to 10,000 ready pods",
            measured(first, last),
            Verdict.of(flat),
            TITLE);
    return new ScenarioResult(
        section(context, table(points), notes),
        List.of(target),
        errors,
        details,
        flat ? List.of() : profiles);
  }

  private static String measured(Point first, Point last) {
    return Cells.count(first.size())
        + " -> "
        + Cells.count(last.size())
        + " ready: p50 "
        + Cells.ms(first.run().latency().p50())
        + " -> "
        + Cells.ms(last.run().latency().p50())
        + " ms, p99 "
        + Cells.ms(first.run().latency().p99())
        + " -> "
        + Cells.ms(last.run().latency().p99())
        + " ms";
  }

  private static boolean flat(RunResult smallest, RunResult largest) {
    return largest.latency().p50() <= FLAT_FACTOR * Math.max(1, smallest.latency().p50())
        && largest.latency().p99() <= FLAT_FACTOR * Math.max(1, smallest.latency().p99());
  }

  private static Table table(List<Point> points) {
    Table table =
        Table.of(
            "ready sandboxes", "p50", "p99", "p999", "achieved/s", "errors", "live heap after GC");
    for (Point p : points) {
      table =
          table.with(
              Runs.append(Runs.row(p.run(), Cells.count(p.size())), Cells.mib(p.liveHeap())));
    }
    return table;
  }

  private static Section section(SuiteContext context, Table table, List<String> notes) {
    return new Section(
        TITLE,
        """
        A fresh gateway per pool size (Redis leases), filled before measuring; then open-loop
        claims at %d/s for %s after %s of warm-up, each released once answered (the release is
        not timed). "Flat" here means p50 and p99 at the largest pool within %.1fx of the
        smallest. The live heap is read (`jcmd GC.class_histogram`, after a full GC) once the
        pool is full.
        """
            .formatted(
                context.plan().poolSizeRate(),
                Cells.duration(context.plan().measure()),
                Cells.duration(context.plan().warmup()),
                FLAT_FACTOR),
        List.of(table),
        notes);
  }
}
