package io.infra.arl.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Gateway settings, under {@value #PREFIX}. Every key has a default that suits a laptop.
 *
 * @param instanceId this gateway's id; prefixes sandbox ids of the local backend (empty = random)
 * @param leaseTtl how long a lease lives without renewal; a crashed gateway's sandboxes are free
 *     again after this long
 * @param reapInterval how often idle timeouts, TTLs and lease renewals are checked
 * @param keepAliveInterval how long a session stream may stay silent before a keep-alive is sent
 * @param sidecarCallTimeout deadline of unary sidecar calls (files, bind, reset)
 * @param defaultClaimTimeout claim deadline when the request gives none
 * @param workspaceRoot where the local backend puts sandbox workspaces (unset: {@code
 *     <java.io.tmpdir>/arl-infra})
 */
@ConfigurationProperties(GatewayConfig.PREFIX)
public record GatewayConfig(
    @Bindable(defaultValue = "") String instanceId,
    @Bindable(defaultValue = "30s") Duration leaseTtl,
    @Bindable(defaultValue = "1s") Duration reapInterval,
    @Bindable(defaultValue = "15s") Duration keepAliveInterval,
    @Bindable(defaultValue = "30s") Duration sidecarCallTimeout,
    @Bindable(defaultValue = "10s") Duration defaultClaimTimeout,
    @Nullable Path workspaceRoot) {

  public static final String PREFIX = "arl.gateway";

  public GatewayConfig {
    if (workspaceRoot == null) {
      workspaceRoot = Path.of(System.getProperty("java.io.tmpdir"), "arl-infra");
    }
  }
}
