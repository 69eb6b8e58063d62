package io.infra.arl.gateway.session;

import io.infra.arl.gateway.api.BlockingWork;
import io.infra.arl.gateway.claim.ClaimService;
import io.infra.arl.gateway.metrics.GatewayMetrics;
import io.infra.arl.gateway.sandbox.SandboxRegistry;
import io.infra.arl.gateway.sandbox.SandboxReleaser;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * What a session needs from the rest of the gateway.
 *
 * @param claims claims sandboxes for open requests
 * @param registry finds sandboxes for attach requests
 * @param releaser releases the sandbox when the session ends
 * @param clock activity timestamps
 * @param metrics exec metrics
 * @param blocking runs what may block (claims, releases) off the server's event loop
 */
@Singleton
public record SessionServices(
    ClaimService claims,
    SandboxRegistry registry,
    SandboxReleaser releaser,
    Clock clock,
    GatewayMetrics metrics,
    BlockingWork blocking) {}
