package io.infra.arl.gateway.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/** Beans every part of the gateway shares: the clock and the gateway's identity. */
@Factory
public class CoreFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  GatewayIdentity identity(GatewayConfig config) {
    if (!config.instanceId().isBlank()) {
      return new GatewayIdentity(config.instanceId());
    }
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    return new GatewayIdentity(HexFormat.of().formatHex(bytes));
  }
}
