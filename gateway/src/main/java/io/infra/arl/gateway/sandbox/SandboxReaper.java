package io.infra.arl.gateway.sandbox;

import io.infra.arl.gateway.config.GatewayConfig;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every reap interval: releases sandboxes past their TTL or idle timeout, and renews the leases of
 * the others before they expire. A lease that cannot be renewed because another holder took it
 * drops the sandbox; one that cannot be renewed because the store is down is retried next time.
 */
@Singleton
public class SandboxReaper {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxReaper.class);

  private final SandboxRegistry registry;
  private final SandboxReleaser releaser;
  private final LeaseStore leases;
  private final Clock clock;
  private final Duration leaseTtl;

  public SandboxReaper(
      SandboxRegistry registry,
      SandboxReleaser releaser,
      LeaseStore leases,
      Clock clock,
      GatewayConfig config) {
    this.registry = registry;
    this.releaser = releaser;
    this.leases = leases;
    this.clock = clock;
    this.leaseTtl = config.leaseTtl();
  }

  /** One pass over every held sandbox. */
  @Scheduled(fixedDelay = "${arl.gateway.reap-interval:1s}", initialDelay = "1s")
  public void reap() {
    Instant now = clock.instant();
    for (HeldSandbox sandbox : registry.all()) {
      if (!now.isBefore(sandbox.expiresAt())) {
        releaser.release(sandbox, expired(sandbox, "its ttl passed at " + sandbox.expiresAt()));
      } else if (!now.isBefore(sandbox.idleExpiresAt())) {
        releaser.release(
            sandbox,
            expired(sandbox, "it was idle for " + sandbox.idleTimeout().toSeconds() + "s"));
      } else if (sandbox.leaseExpiresAt().isBefore(now.plus(leaseTtl.dividedBy(2)))) {
        renew(sandbox);
      }
    }
  }

  /** Renews the sandbox's lease now. */
  public void renew(HeldSandbox sandbox) {
    Optional<Lease> renewed;
    try {
      // Restores the lease if the store lost it (Redis restarted empty): the session goes on.
      renewed =
          leases.renewOrRestore(
              new Lease(
                  sandbox.id(),
                  sandbox.leaseToken(),
                  sandbox.fencingToken(),
                  sandbox.leaseExpiresAt()),
              leaseTtl);
    } catch (LeaseStoreUnavailableException e) {
      LOG.warn("Failed to renew lease sandbox={} error={}", sandbox.id(), e.getMessage());
      return;
    }
    if (renewed.isPresent()) {
      sandbox.leaseExpiresAt(renewed.get().expiresAt());
      return;
    }
    releaser.drop(
        sandbox,
        new GatewayException(
            Failure.LEASE_LOST, "sandbox " + sandbox.id() + ": its lease was lost and taken over"));
  }

  private static GatewayException expired(HeldSandbox sandbox, String why) {
    return new GatewayException(
        Failure.EXPIRED, "sandbox " + sandbox.id() + " was released because " + why);
  }
}
