package io.infra.arl.lease.select;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import io.infra.arl.lease.redis.RedisLeaseStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the lease store from configuration, the same way in the gateway and the operator (they must
 * agree on keys, or the operator would not see the gateway's leases).
 */
public final class LeaseStores {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseStores.class);

  private LeaseStores() {}

  /**
   * Redis when {@code redisUri} is set, in memory otherwise (safe for one process only).
   *
   * @param redisUri e.g. {@code redis://localhost:6379}, or null/blank
   * @param keyPrefix prefix of every Redis key; null/blank means {@link
   *     RedisLeaseStore#DEFAULT_KEY_PREFIX}
   * @param commandTimeout how long a Redis call may take before it fails as unavailable
   */
  public static LeaseStore fromConfig(
      String redisUri, String keyPrefix, Duration commandTimeout, Clock clock) {
    if (redisUri == null || redisUri.isBlank()) {
      LOG.info("Selected lease store kind=memory");
      return new InMemoryLeaseStore(clock);
    }
    String prefix =
        keyPrefix == null || keyPrefix.isBlank() ? RedisLeaseStore.DEFAULT_KEY_PREFIX : keyPrefix;
    LOG.info("Selected lease store kind=redis prefix={}", prefix);
    return RedisLeaseStore.open(redisUri, prefix, commandTimeout, clock);
  }
}
