package io.infra.arl.gateway.lease;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.select.LeaseStores;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The lease store: Redis (shared by every gateway and the operator that point at it) when {@code
 * arl.redis.uri} is set, e.g. {@code redis://localhost:6379}; otherwise in memory, which is only
 * safe for a single gateway. Key prefix {@code arl.redis.key-prefix} (default {@code arl:}).
 */
@Factory
public class LeaseStoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  LeaseStore leaseStore(
      @Nullable @Value("${arl.redis.uri:}") String redisUri,
      @Nullable @Value("${arl.redis.key-prefix:}") String keyPrefix,
      @Value("${arl.redis.command-timeout:1s}") Duration commandTimeout,
      Clock clock) {
    return LeaseStores.fromConfig(redisUri, keyPrefix, commandTimeout, clock);
  }
}
