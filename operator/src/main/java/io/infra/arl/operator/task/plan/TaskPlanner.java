package io.infra.arl.operator.task.plan;

import io.infra.arl.kube.crd.TaskState;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.operator.task.plan.TaskPlan.Action;
import io.infra.arl.operator.ttl.plan.Expiry;
import java.time.Instant;
import java.util.Optional;

/** Decides what to do with a Task from its status, its Sandbox and whether it runs here. */
public final class TaskPlanner {

  private TaskPlanner() {}

  /**
   * The plan.
   *
   * @param status the Task's status (null when new)
   * @param ttlSecondsAfterFinished the Task's TTL after finishing, or null
   * @param runningHere whether this operator is running its steps now
   * @param sandbox its Sandbox
   * @param now the time of the pass
   */
  public static TaskPlan plan(
      TaskStatus status,
      Integer ttlSecondsAfterFinished,
      boolean runningHere,
      SandboxView sandbox,
      Instant now) {
    if (status != null && status.isFinished()) {
      Optional<Instant> deleteAt =
          Expiry.deleteTask(
              ttlSecondsAfterFinished,
              status.completionTime() == null ? null : status.completionTime().toInstant());
      if (deleteAt.isPresent() && !now.isBefore(deleteAt.get())) {
        return TaskPlan.of(Action.DELETE, null, null);
      }
      return new TaskPlan(Action.NONE, null, null, deleteAt.map(at -> Expiry.until(now, at)));
    }
    if (runningHere) {
      return TaskPlan.of(Action.NONE, null, null);
    }
    if (status != null && status.state() == TaskState.RUNNING) {
      return TaskPlan.of(
          Action.FAIL,
          "Interrupted",
          "the operator stopped while the Task ran; its steps may have partly run");
    }
    if (!sandbox.exists()) {
      return TaskPlan.of(Action.WAIT, "SandboxNotFound", "the Sandbox does not exist");
    }
    if (sandbox.released()) {
      return TaskPlan.of(
          Action.FAIL, "SandboxReleased", "the Sandbox was released before the Task ran");
    }
    if (!sandbox.usable()) {
      return TaskPlan.of(Action.WAIT, "SandboxNotReady", "waiting for the Sandbox to hold a pod");
    }
    return TaskPlan.of(Action.START, null, null);
  }
}
