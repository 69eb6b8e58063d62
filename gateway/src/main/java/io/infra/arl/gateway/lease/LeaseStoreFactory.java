package io.infra.arl.gateway.lease;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import io.infra.arl.lease.redis.RedisLeaseStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease store: Redis (shared by every gateway that points at it) when {@code arl.redis.uri} is
 * set, e.g. {@code redis://localhost:6379}; otherwise in memory, which is only safe for a single
 * gateway.
 */
@Factory
public class LeaseStoreFactory {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseStoreFactory.class);

  @Singleton
  @Bean(preDestroy = "close")
  LeaseStore leaseStore(
      @Nullable @Value("${arl.redis.uri:}") String redisUri,
      @Nullable @Value("${arl.redis.key-prefix:}") String keyPrefix,
      @Value("${arl.redis.command-timeout:1s}") Duration commandTimeout,
      Clock clock) {
    if (redisUri == null || redisUri.isBlank()) {
      LOG.info("Selected lease store kind=memory");
      return new InMemoryLeaseStore(clock);
    }
    String prefix =
        keyPrefix == null || keyPrefix.isEmpty() ? RedisLeaseStore.DEFAULT_KEY_PREFIX : keyPrefix;
    LOG.info("Selected lease store kind=redis prefix={}", prefix);
    return RedisLeaseStore.open(redisUri, prefix, commandTimeout, clock);
  }
}
