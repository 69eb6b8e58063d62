package io.infra.arl.operator.task.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs Tasks off the reconcile threads (a step may run for minutes), one virtual thread each, and
 * remembers which are running so a Task is never started twice by this operator.
 */
public final class TaskRunner implements AutoCloseable {

  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("arl-task-", 0).factory());
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();

  /** Whether the Task {@code key} is running here. */
  public boolean isRunning(String key) {
    return running.containsKey(key);
  }

  /**
   * Starts {@code run} for {@code key} unless one runs already; {@code after} runs when it ends.
   */
  boolean start(String key, Runnable run, Runnable after) {
    if (running.putIfAbsent(key, Boolean.TRUE) != null) {
      return false;
    }
    executor.execute(
        () -> {
          try {
            run.run();
          } finally {
            running.remove(key);
            after.run();
          }
        });
    return true;
  }

  /** Interrupts every run; their Tasks are marked Interrupted by the next operator. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
