package io.infra.arl.operator.task.plan;

import java.time.Duration;
import java.util.Optional;

/**
 * What to do with a Task now.
 *
 * @param action the action
 * @param reason the condition reason (WAIT and FAIL)
 * @param message a human-readable explanation
 * @param requeueAfter when to look again (the TTL deadline of a finished Task)
 */
public record TaskPlan(
    Action action, String reason, String message, Optional<Duration> requeueAfter) {

  /** The possible actions. */
  public enum Action {
    /** Nothing to do (running here, or finished without TTL). */
    NONE,
    /** Stay Pending until the Sandbox is usable. */
    WAIT,
    /** Run the steps now. */
    START,
    /** Mark the Task Failed without running (more of) it. */
    FAIL,
    /** Delete the finished Task ({@code ttlSecondsAfterFinished} passed). */
    DELETE
  }

  static TaskPlan of(Action action, String reason, String message) {
    return new TaskPlan(action, reason, message, Optional.empty());
  }
}
