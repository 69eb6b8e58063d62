package io.infra.arl.sidecar.fence;

/**
 * What a successful Bind did.
 *
 * @param previousFencingToken the token bound before, 0 if none
 * @param killedProcesses processes killed because the previous lease was cut off
 */
public record BindOutcome(long previousFencingToken, int killedProcesses) {}
