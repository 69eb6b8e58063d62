package io.infra.arl.gateway.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Authentication switch, under {@value #PREFIX}.
 *
 * @param enabled {@code true} requires an API key on every call, {@code false} accepts anonymous
 *     calls; unset means on unless the gateway listens on a loopback address only
 */
@ConfigurationProperties(AuthConfig.PREFIX)
public record AuthConfig(@Nullable Boolean enabled) {
  public static final String PREFIX = "arl.gateway.auth";
}
