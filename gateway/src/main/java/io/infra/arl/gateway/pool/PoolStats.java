package io.infra.arl.gateway.pool;

/**
 * A pool's sizes right now.
 *
 * @param name pool name
 * @param replicas ready sandboxes the pool keeps
 * @param ready ready, unclaimed sandboxes
 * @param allocated claimed sandboxes
 * @param creating sandboxes being created
 */
public record PoolStats(String name, int replicas, int ready, int allocated, int creating) {}
