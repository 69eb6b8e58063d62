package io.infra.arl.e2e.chaos;

/**
 * A sandbox an agent holds right now.
 *
 * @param gateway the gateway it was claimed through
 * @param sandboxId the sandbox ({@code <namespace>.<pod>})
 * @param fencingToken the claim's fencing token
 */
record Holding(int gateway, String sandboxId, long fencingToken) {}
