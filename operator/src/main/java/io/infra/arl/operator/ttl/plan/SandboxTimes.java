package io.infra.arl.operator.ttl.plan;

import java.time.Instant;

/**
 * The moments a Sandbox's deadlines count from.
 *
 * @param allocatedAt when its pod was claimed
 * @param lastActivity when a Task last started or finished in it (or allocatedAt)
 * @param taskRunning whether a Task is running in it now (idle timeouts do not run meanwhile)
 * @param firstTaskFinishedAt when its first Task finished, or null
 * @param releasedAt when it was released, or null
 */
public record SandboxTimes(
    Instant allocatedAt,
    Instant lastActivity,
    boolean taskRunning,
    Instant firstTaskFinishedAt,
    Instant releasedAt) {}
