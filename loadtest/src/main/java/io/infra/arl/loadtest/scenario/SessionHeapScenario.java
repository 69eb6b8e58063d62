package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.client.IdleSession;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Gateway heap per idle session: a fresh gateway, its live heap after a full GC, then N Session
 * streams opened (each claims a sandbox) and left idle, and the live heap again. In local mode the
 * difference also holds what is not the gateway's: the replacement sandbox each claim started and
 * the sidecar's end of the gateway's connection, in the same JVM. The first is subtracted with the
 * per-sandbox weight from the pool-size scenario; the second cannot be separated, so the net figure
 * is an upper bound of the gateway's own cost.
 */
final class SessionHeapScenario implements Scenario {
  static final String TITLE = "Gateway heap per idle session";
  private static final double TARGET_BYTES = 50 * 1024;
  private static final int POOL = 50;

  private record Point(int sessions, long heap, RunResult opening) {}

  @Override
  public boolean usesSharedGateway() {
    return false;
  }

  @Override
  public String name() {
    return "sessions";
  }

  @Override
  public ScenarioResult run(SuiteContext context) throws Exception {
    List<String> notes = new ArrayList<>();
    List<Integer> counts = feasibleCounts(context.plan().sessionCounts(), notes);
    List<Point> points = new ArrayList<>();
    long baseline;
    ConcurrentLinkedQueue<IdleSession> open = new ConcurrentLinkedQueue<>();
    int pool = pool(context);
    try (GatewayUse use = context.gateway("sessions", pool);
        var channel = new ChannelCloser(Channels.loopback(use.gateway().port()))) {
      GatewayProcess gateway = use.gateway();
      GatewayCalls calls = new GatewayCalls(channel.channel());
      baseline = gateway.process().liveHeapBytes();
      var spec = GatewayCalls.spec("default", 0, 120_000);
      OpenLoop loop = new OpenLoop(Duration.ofSeconds(120), 50_000);
      for (int target : counts) {
        int more = target - open.size();
        RunResult opening =
            loop.run(
                new ArrivalSchedule(
                    context.plan().sessionOpenRate(),
                    Duration.ofNanos((long) (more * 1e9 / context.plan().sessionOpenRate()) + 1)),
                i -> {
                  IdleSession s = IdleSession.open(calls.stub(), spec);
                  open.add(s);
                  return s.opened();
                });
        open.removeIf(s -> s.opened().isCompletedExceptionally()); // per session: opened ones
        ClaimOps.awaitRefilled(calls, pool);
        points.add(new Point(open.size(), gateway.process().liveHeapBytes(), opening));
      }
      open.forEach(IdleSession::close);
      for (IdleSession s : open) {
        s.ended().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
      }
    }
    return result(context, baseline, points, notes);
  }

  // A smoke run reuses the shared gateway; a measured run starts a fresh one with a small pool.
  private static int pool(SuiteContext context) {
    return context.plan().reuseGateways() ? context.plan().sharedPool() : POOL;
  }

  private static List<Integer> feasibleCounts(List<Integer> planned, List<String> notes) {
    long limit = FileDescriptors.softLimit();
    long fit =
        (limit - FileDescriptors.RESERVED - (long) POOL * FileDescriptors.PER_READY_SANDBOX)
            / (FileDescriptors.PER_CLAIMED_SANDBOX);
    List<Integer> counts = new ArrayList<>();
    for (int n : planned) {
      if (n <= fit) {
        counts.add(n);
        continue;
      }
      int largest = (int) (fit >= 1000 ? fit / 1000 * 1000 : fit);
      notes.add(
          Cells.count(n)
              + " idle sessions hold "
              + Cells.count(n)
              + " claimed local sandboxes, about "
              + Cells.count((long) n * FileDescriptors.PER_CLAIMED_SANDBOX)
              + " file descriptors in the gateway's JVM ("
              + FileDescriptors.PER_CLAIMED_SANDBOX
              + " each: the workspace directory's secure stream); the limit here is "
              + Cells.count(limit)
              + ", so "
              + Cells.count(largest)
              + " were measured instead.");
      if (!counts.contains(largest) && largest > 0) {
        counts.add(largest);
      }
    }
    return counts;
  }

  private static ScenarioResult result(
      SuiteContext context, long baseline, List<Point> points, List<String> planNotes) {
    double perSandbox = context.heapPerReadySandbox().orElse(0);
    long errors = 0;
    List<String> details = new ArrayList<>();
    double worstNet = 0;
    for (Point p : points) {
      worstNet = Math.max(worstNet, raw(p, baseline) - perSandbox);
      errors += p.opening().failed();
      details.addAll(Runs.details(p.sessions() + " sessions opening", p.opening()));
    }
    List<String> notes = new ArrayList<>(planNotes);
    notes.add(baselineNote(context, baseline, perSandbox));
    TargetCheck target =
        new TargetCheck(
            "Gateway heap per idle session <= 50 KiB",
            "<= "
                + Cells.kib(worstNet)
                + " at up to "
                + Cells.count(points.getLast().sessions())
                + " sessions (an upper bound: each claimed in-process sidecar's state is"
                + " included)",
            Verdict.of(worstNet <= TARGET_BYTES && errors == 0),
            TITLE);
    return new ScenarioResult(
        section(context, table(points, baseline, perSandbox), notes),
        List.of(target),
        errors,
        details,
        List.of());
  }

  private static double raw(Point p, long baseline) {
    return (p.heap() - baseline) / (double) p.sessions();
  }

  private static Table table(List<Point> points, long baseline, double perSandbox) {
    Table table =
        Table.of(
            "idle sessions",
            "live heap after GC",
            "raw per session",
            "minus one ready sandbox",
            "open p50",
            "open p99",
            "open errors");
    for (Point p : points) {
      table =
          table.with(
              Cells.count(p.sessions()),
              Cells.mib(p.heap()),
              Cells.kib(raw(p, baseline)),
              Cells.kib(raw(p, baseline) - perSandbox),
              Cells.ms(p.opening().latency().p50()),
              Cells.ms(p.opening().latency().p99()),
              Runs.errors(p.opening()));
    }
    return table;
  }

  private static String baselineNote(SuiteContext context, long baseline, double perSandbox) {
    String weight =
        context.heapPerReadySandbox().isPresent()
            ? "One ready sandbox weighs " + Cells.kib(perSandbox) + " (pool-size scenario)."
            : "The weight of a ready sandbox was not measured (the pool-size scenario did not run"
                + " with two sizes), so nothing was subtracted.";
    return "Baseline (pool of "
        + pool(context)
        + " ready, no session): "
        + Cells.mib(baseline)
        + " live. "
        + weight;
  }

  private static Section section(SuiteContext context, Table table, List<String> notes) {
    return new Section(
        TITLE,
        """
        A fresh gateway (pool of %d, Redis leases). Live heap: the total of `jcmd <pid>
        GC.class_histogram`, which runs a full GC first. Sessions are opened at %d/s (an `open`
        request, then nothing: no exec, keep-alives only) up to each count; the heap is read once
        the pool has refilled. "raw" is (heap - baseline) / sessions; the next column subtracts
        the weight of one ready local sandbox, because every claim made the pool start a
        replacement inside the same JVM.
        """
            .formatted(pool(context), context.plan().sessionOpenRate()),
        List.of(table),
        notes);
  }
}
