package io.infra.arl.gateway.sandbox;

import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.sidecar.SidecarBinder;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a held sandbox exactly once: forgets it, tells its session and hands the sandbox back to its
 * pool (destroyed, or reset for reuse). The lease is deleted by owner (compare-and-delete) when the
 * pool says the sandbox is out of reach, not before: until then it keeps other claimers away from a
 * pod that is still being reset or deleted.
 */
@Singleton
public class SandboxReleaser {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxReleaser.class);

  private final SandboxRegistry registry;
  private final LeaseStore leases;
  private final PoolRegistry pools;
  private final SidecarBinder binder;

  public SandboxReleaser(
      SandboxRegistry registry, LeaseStore leases, PoolRegistry pools, SidecarBinder binder) {
    this.registry = registry;
    this.leases = leases;
    this.pools = pools;
    this.binder = binder;
  }

  /**
   * Releases the sandbox; false when it was already released.
   *
   * @param reason what the attached session is told
   */
  public boolean release(HeldSandbox sandbox, GatewayException reason) {
    if (!sandbox.markReleased()) {
      return false;
    }
    registry.remove(sandbox);
    sandbox.notifyReleased(reason);
    pools
        .get(sandbox.target().pool())
        .release(sandbox.target(), () -> binder.reset(sandbox.sidecar()), () -> endLease(sandbox));
    LOG.debug("Released sandbox sandbox={} reason={}", sandbox.id(), reason.getMessage());
    return true;
  }

  private void endLease(HeldSandbox sandbox) {
    try {
      leases.release(sandbox.id(), sandbox.leaseToken());
    } catch (LeaseStoreUnavailableException e) {
      // The lease expires on its own within the lease TTL; nobody renews it any more.
      LOG.warn("Failed to delete lease sandbox={} error={}", sandbox.id(), e.getMessage());
    }
  }

  /** Drops a sandbox whose lease was lost: nothing is deleted that another holder may own. */
  public void drop(HeldSandbox sandbox, GatewayException reason) {
    if (!sandbox.markReleased()) {
      return;
    }
    registry.remove(sandbox);
    sandbox.notifyReleased(reason);
    pools.get(sandbox.target().pool()).discard(sandbox.target());
    LOG.warn("Dropped sandbox sandbox={} reason={}", sandbox.id(), reason.getMessage());
  }
}
