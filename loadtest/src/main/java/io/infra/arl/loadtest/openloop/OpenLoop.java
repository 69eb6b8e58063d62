package io.infra.arl.loadtest.openloop;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Runs an {@link ArrivalSchedule} against an {@link Operation}, open loop: each request is started
 * at its intended time whatever the previous ones are doing, and its latency is measured from that
 * intended time, so a stalled server shows up as latency instead of as fewer requests.
 *
 * <p>Bounded: at most {@code maxInFlight} requests run at once (later arrivals are counted as
 * "client backlog" errors), and requests still running {@code drainTimeout} after the last arrival
 * are counted as "timeout" errors.
 */
public final class OpenLoop {
  private static final long START_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** The longest the pacing thread spins before an arrival (see {@link #spinNanos}). */
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /** The highest arrival rate at which the pacing thread spins at all. */
  static final int MAX_SPIN_RATE = 1_000;

  private static final int SIGNIFICANT_DIGITS = 3;

  private final Duration drainTimeout;
  private final int maxInFlight;

  /**
   * @param drainTimeout how long to wait for requests still running after the last arrival
   * @param maxInFlight most requests running at once
   */
  public OpenLoop(Duration drainTimeout, int maxInFlight) {
    this.drainTimeout = drainTimeout;
    this.maxInFlight = maxInFlight;
  }

  /**
   * An in-flight cap of two seconds of arrivals (at least 200): an overloaded phase then ends soon
   * after its schedule, later arrivals counted as "client backlog", instead of queueing for
   * minutes.
   */
  public static int backlogCap(double ratePerSecond) {
    return (int) Math.max(200, 2 * ratePerSecond);
  }

  /** Runs {@code warmup} and discards it, then runs and returns {@code measured}. */
  public RunResult run(ArrivalSchedule warmup, ArrivalSchedule measured, Operation operation) {
    run(warmup, operation);
    return run(measured, operation);
  }

  /** Runs one schedule and returns what it measured. */
  public RunResult run(ArrivalSchedule schedule, Operation operation) {
    return interleaved(schedule, List.of(operation)).get(0);
  }

  /**
   * Runs {@code warmup} and discards it, then runs and returns {@code measured}, both {@link
   * #interleaved}.
   */
  public List<RunResult> interleaved(
      ArrivalSchedule warmup, ArrivalSchedule measured, List<Operation> operations) {
    interleaved(warmup, operations);
    return interleaved(measured, operations);
  }

  /**
   * Runs one schedule shared by several operations in turn (arrival {@code i} goes to operation
   * {@code i % n}, as that operation's arrival {@code i / n}), and returns what each measured, in
   * order. Paths compared this way see the same moments of the machine: a slow second or a
   * collection elsewhere lands on all of them, not on whichever ran then. Each operation's offered
   * rate is the schedule's divided by {@code n}; the in-flight cap is per operation.
   */
  public List<RunResult> interleaved(ArrivalSchedule schedule, List<Operation> operations) {
    int paths = operations.size();
    if (paths == 0) {
      throw new IllegalArgumentException("operations: none (expected: at least one)");
    }
    List<Tally> tallies = new ArrayList<>();
    for (int path = 0; path < paths; path++) {
      tallies.add(new Tally(arrivals(schedule.count(), paths, path)));
    }
    long start = System.nanoTime() + START_LEAD_NANOS;
    long spin = spinNanos(schedule);
    for (int i = 0; i < schedule.count(); i++) {
      long intended = start + schedule.offsetNanos(i);
      waitUntil(intended, spin);
      launch(operations.get(i % paths), i / paths, intended, tallies.get(i % paths));
    }
    long drainDeadline = System.nanoTime() + drainTimeout.toNanos();
    List<RunResult> results = new ArrayList<>();
    for (int path = 0; path < paths; path++) {
      Tally tally = tallies.get(path);
      tally.awaitDrained(drainDeadline);
      long wall =
          completionSpan(
              tally.firstCompletion,
              tally.lastCompletion,
              schedule.duration().toNanos(),
              arrivals(schedule.count(), paths, path));
      results.add(
          new RunResult(
              schedule.ratePerSecond() / paths,
              arrivals(schedule.count(), paths, path),
              tally.succeeded.sum(),
              tally.errors(),
              Percentiles.of(tally.recorder.getIntervalHistogram()),
              tally.succeeded.sum() * 1e9 / wall));
    }
    return results;
  }

  /**
   * The wall time, in nanoseconds, that achieved/s divides by: from the first completion to the
   * last plus one arrival interval (the span of {@code arrivals} evenly spaced events holds one
   * interval fewer than the schedule's {@code durationNanos}), and never less than that duration. A
   * server that keeps up, its latency level, completes them over the schedule's duration; one that
   * falls behind spreads them wider. Timing from the schedule's start to the last completion
   * instead charged the last request's latency as time: 1,998/s for a 5-second step of 2,000/s that
   * every request completed in 5 ms.
   *
   * @param first the first completion's {@code nanoTime}; greater than {@code last} when nothing
   *     completed
   */
  static long completionSpan(long first, long last, long durationNanos, int arrivals) {
    if (last < first) {
      return durationNanos;
    }
    return Math.max(durationNanos, last - first + durationNanos / Math.max(1, arrivals));
  }

  // Arrivals i < count with i % paths == path.
  private static int arrivals(int count, int paths, int path) {
    return count / paths + (path < count % paths ? 1 : 0);
  }

  private void launch(Operation operation, int index, long intended, Tally tally) {
    if (tally.inFlight.get() >= maxInFlight) {
      tally.fail("client backlog");
      return;
    }
    tally.inFlight.incrementAndGet();
    try {
      operation.start(index).whenComplete((ignored, error) -> tally.complete(intended, error));
    } catch (RuntimeException e) {
      tally.complete(intended, e);
    }
  }

  /**
   * How long before each arrival the pacing thread stops parking and spins: {@link #SPIN_NANOS}, at
   * most a tenth of the arrival interval, and not at all above {@link #MAX_SPIN_RATE} arrivals per
   * second. A parked thread wakes late (on these machines about 0.13 ms at p50 at 500/s), and every
   * microsecond late is charged to the server as latency. Above that rate the pacing thread is
   * rarely parked for long, and the scenarios there measure how much load a server sustains, where
   * a spinning generator would take CPU from it.
   */
  static long spinNanos(ArrivalSchedule schedule) {
    if (schedule.ratePerSecond() > MAX_SPIN_RATE) {
      return 0;
    }
    return Math.min(SPIN_NANOS, schedule.intervalNanos() / 10);
  }

  private static void waitUntil(long deadline, long spinNanos) {
    long left;
    while ((left = deadline - System.nanoTime()) > spinNanos) {
      LockSupport.parkNanos(left - spinNanos);
    }
    while (System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }

  /** A short, stable name for a failure, so equal failures are counted together. */
  public static String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StatusRuntimeException sre) {
      Status status = sre.getStatus();
      return status.getCode() + shorten(status.getDescription());
    }
    return cause.getClass().getSimpleName() + shorten(cause.getMessage());
  }

  // Numbers vary between otherwise equal failures (pool counts, ids): count them as one kind.
  private static String shorten(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String line = text.lines().findFirst().orElse("").replaceAll("\\d+", "N");
    return ": " + (line.length() > 100 ? line.substring(0, 100) + "..." : line);
  }

  /** Counters shared by the pacing thread and the completion callbacks. */
  private static final class Tally {
    final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    final LongAdder succeeded = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    long firstCompletion = Long.MAX_VALUE; // guarded by this, as lastCompletion
    long lastCompletion = Long.MIN_VALUE;
    final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    final CountDownLatch done;
    private boolean closed; // guarded by this: late completions after the drain are not counted

    Tally(int count) {
      this.done = new CountDownLatch(count);
    }

    synchronized void complete(long intended, Throwable error) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      if (error == null) {
        recorder.recordValue(Math.max(0, (now - intended) / 1_000));
        succeeded.increment();
      } else {
        failures.computeIfAbsent(describe(error), k -> new LongAdder()).increment();
      }
      firstCompletion = Math.min(firstCompletion, now);
      lastCompletion = Math.max(lastCompletion, now);
      inFlight.decrementAndGet();
      done.countDown();
    }

    synchronized void fail(String kind) {
      failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
      done.countDown();
    }

    void awaitDrained(long deadlineNanos) {
      String unfinished = "timeout";
      try {
        done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unfinished = "interrupted";
      }
      synchronized (this) {
        closed = true;
        if (done.getCount() > 0) {
          failures.computeIfAbsent(unfinished, k -> new LongAdder()).add(done.getCount());
        }
      }
    }

    Map<String, Long> errors() {
      Map<String, Long> sorted = new TreeMap<>();
      failures.forEach((kind, count) -> sorted.put(kind, count.sum()));
      return sorted;
    }
  }
}
