package io.infra.arl.kube.crd;

import java.time.OffsetDateTime;

/**
 * The result of one Task step.
 *
 * @param name the step's name
 * @param type the step's type
 * @param state Pending, Running, Succeeded, Failed or Skipped
 * @param exitCode Command steps: the exit code (128 + signal when killed)
 * @param message why the step failed, or what it did ({@code wrote 52 bytes})
 * @param startTime when the step started
 * @param completionTime when the step finished
 */
public record StepResult(
    String name,
    StepType type,
    TaskState state,
    Integer exitCode,
    String message,
    OffsetDateTime startTime,
    OffsetDateTime completionTime) {}
