package io.infra.arl.lease.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisLeaseStoreTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void theStoresOwnClientOptionsTimeCommandsOutWithinTheCommandTimeout() {
    assertThat(
            RedisLeaseStore.timesOutCommandsWithin(RedisLeaseStore.clientOptions(TIMEOUT), TIMEOUT))
        .isTrue();
  }

  @Test
  void aLongerCommandTimeoutOnTheClientDoesNotBoundTheStoresWait() {
    assertThat(
            RedisLeaseStore.timesOutCommandsWithin(
                RedisLeaseStore.clientOptions(TIMEOUT.multipliedBy(2)), TIMEOUT))
        .isFalse();
  }

  @Test
  void clientsWithoutAFixedCommandTimeoutDoNotBoundTheStoresWait() {
    assertThat(RedisLeaseStore.timesOutCommandsWithin(ClientOptions.create(), TIMEOUT)).isFalse();
    ClientOptions connectionTimeout =
        ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build();
    assertThat(RedisLeaseStore.timesOutCommandsWithin(connectionTimeout, TIMEOUT)).isFalse();
  }
}
