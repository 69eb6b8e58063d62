package io.infra.arl.operator.runtime;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.select.LeaseStores;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's shared beans: the clock, the metrics and the lease store (Redis, shared with the
 * gateways, when {@code arl.redis.uri} is set; otherwise in memory, which is safe only with a
 * single operator replica and no gateway claiming from the same pools).
 */
@Factory
public class OperatorFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  OperatorMetrics metrics(MeterRegistry registry) {
    return new OperatorMetrics(registry);
  }

  @Singleton
  @Bean(preDestroy = "close")
  LeaseStore leaseStore(
      @Nullable @Value("${arl.redis.uri:}") String redisUri,
      @Nullable @Value("${arl.redis.key-prefix:}") String keyPrefix,
      @Value("${arl.redis.command-timeout:1s}") Duration commandTimeout,
      Clock clock) {
    // Same selection and key prefix as the gateway, so the operator sees the gateway's leases.
    return LeaseStores.fromConfig(redisUri, keyPrefix, commandTimeout, clock);
  }
}
