/** Chooses the lease store: Redis when {@code arl.redis.uri} is set, in memory otherwise. */
package io.infra.arl.gateway.lease;
