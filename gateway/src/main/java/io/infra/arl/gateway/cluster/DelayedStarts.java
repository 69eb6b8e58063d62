package io.infra.arl.gateway.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts tasks no earlier than when they are due, from one daemon thread that, under a steady
 * stream of tasks, wakes at most once per {@code granularity} and then starts every task due by
 * then. A task may start up to {@code granularity} late: meant for delays far longer than that,
 * such as the delayed claim writes of ADR 0029. A timer per task (as {@link
 * java.util.concurrent.CompletableFuture#delayedExecutor}) wakes the JDK's delay scheduler for each
 * one, and then a pool thread to run it.
 *
 * <p>Tasks run on this thread and must only hand work on (start a virtual thread, complete a
 * future): they must not block. {@link #close()} starts the tasks still waiting at once.
 */
final class DelayedStarts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DelayedStarts.class);
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(5);

  private final DelayQueue<Due> due = new DelayQueue<>();
  private final long granularityNanos;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param name the thread's name
   * @param granularity the shortest time between two wake-ups under a steady stream
   */
  DelayedStarts(String name, Duration granularity) {
    this.granularityNanos = granularity.toNanos();
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
    thread.start();
  }

  /**
   * Runs {@code task} on this class's thread once {@code dueNanos} ({@link System#nanoTime()}) has
   * passed; at once (on the caller's thread) if closed.
   */
  void at(long dueNanos, Runnable task) {
    Due entry = new Due(dueNanos, task);
    if (closed) {
      start(entry);
      return;
    }
    due.put(entry);
    if (closed && due.remove(entry)) {
      start(entry); // closed meanwhile, and close() had not started it yet
    }
  }

  /** How many tasks wait (for tests and diagnostics). */
  int waiting() {
    return due.size();
  }

  private void loop() {
    List<Due> ready = new ArrayList<>();
    while (!closed) {
      try {
        ready.add(due.take());
        due.drainTo(ready);
        ready.forEach(DelayedStarts::start);
        ready.clear();
        TimeUnit.NANOSECONDS.sleep(granularityNanos);
      } catch (InterruptedException e) {
        // Only close() interrupts, once every task taken has been started: the loop ends and
        // close() starts what is left.
      }
    }
  }

  private static void start(Due task) {
    try {
      task.task().run();
    } catch (Throwable e) { // one failed task must not stop the timer or lose the others
      LOG.warn("Failed delayed task error={}", e.toString(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      if (!thread.join(JOIN_LIMIT)) {
        LOG.warn("Delayed tasks still starting after {}; closing anyway", JOIN_LIMIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Due> left = new ArrayList<>(due);
    for (Due task : left) {
      if (due.remove(task)) {
        start(task);
      }
    }
  }

  /** A task and when it is due. */
  private record Due(long dueNanos, Runnable task) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      // nanoTime values are compared by their difference: they may wrap.
      return Long.compare(dueNanos - ((Due) other).dueNanos, 0);
    }
  }
}
