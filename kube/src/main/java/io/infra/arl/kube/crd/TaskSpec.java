package io.infra.arl.kube.crd;

import java.util.List;

/**
 * The desired state of a Task.
 *
 * @param sandboxRef the Sandbox (same namespace) to run in; required
 * @param timeout the longest the whole Task may run, as a duration such as {@code 30s} or {@code
 *     5m} (default 10m); a step still running then is killed and the Task fails
 * @param steps 1 to 64 steps, run in order; the first failing one stops the Task
 * @param ttlSecondsAfterFinished delete this Task object this long after it finished; null keeps it
 */
public record TaskSpec(
    String sandboxRef, String timeout, List<TaskStep> steps, Integer ttlSecondsAfterFinished) {

  /** {@link #steps()} or an empty list. */
  public List<TaskStep> stepsOrEmpty() {
    return steps == null ? List.of() : steps;
  }
}
