package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.models.V1Condition;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The observed state of a Task.
 *
 * @param observedGeneration the {@code metadata.generation} this status was computed for
 * @param state Pending, Running, Succeeded or Failed
 * @param stdout standard output of the Command steps, in order, decoded as UTF-8; at most {@value
 *     #OUTPUT_LIMIT_BYTES} bytes are kept (the first ones), {@code stdoutTruncated} says when more
 *     was written
 * @param stderr standard error, same rules
 * @param stdoutTruncated whether stdout was longer than the limit
 * @param stderrTruncated whether stderr was longer than the limit
 * @param exitCode exit code of the last Command step that ran (128 + signal when killed)
 * @param steps one result per spec step, in order
 * @param startTime when the first step started
 * @param completionTime when the Task finished
 * @param conditions {@code Ready}: True once Succeeded; the reason says why not ({@code
 *     SandboxNotReady}, {@code Running}, {@code StepFailed}, {@code Timeout}, {@code
 *     SandboxUnavailable}, {@code Interrupted})
 */
public record TaskStatus(
    Long observedGeneration,
    TaskState state,
    String stdout,
    String stderr,
    Boolean stdoutTruncated,
    Boolean stderrTruncated,
    Integer exitCode,
    List<StepResult> steps,
    OffsetDateTime startTime,
    OffsetDateTime completionTime,
    List<V1Condition> conditions) {

  /** The most bytes of stdout (and, separately, of stderr) the status keeps: 64 KiB. */
  public static final int OUTPUT_LIMIT_BYTES = 64 * 1024;

  /** Whether the Task has finished (Succeeded or Failed). */
  public boolean isFinished() {
    return state == TaskState.SUCCEEDED || state == TaskState.FAILED;
  }
}
