package io.infra.arl.gateway.claim;

import io.infra.arl.gateway.config.GatewayConfig;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.metrics.GatewayMetrics;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.sandbox.HeldSandbox;
import io.infra.arl.gateway.sandbox.SandboxRegistry;
import io.infra.arl.gateway.sidecar.SidecarBinder;
import io.infra.arl.gateway.sidecar.SidecarConnection;
import io.infra.arl.lease.LeaseStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims sandboxes: wins a lease (one lease-store round trip on the fast path), binds the sidecar
 * to the lease's fencing token and registers the sandbox as held. A sidecar that does not answer is
 * discarded and the claim tries again within its deadline.
 */
@Singleton
public class ClaimService {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimService.class);
  private static final int TOKEN_BYTES = 16;

  private final PoolRegistry pools;
  private final LeaseStore leases;
  private final SidecarBinder binder;
  private final SandboxRegistry registry;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final GatewayConfig config;
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("claim-deadlines").daemon().factory());
  private final ConcurrentHashMap<String, ClaimQueue> queues = new ConcurrentHashMap<>();

  public ClaimService(
      PoolRegistry pools,
      LeaseStore leases,
      SidecarBinder binder,
      SandboxRegistry registry,
      GatewayMetrics metrics,
      Clock clock,
      GatewayConfig config) {
    this.pools = pools;
    this.leases = leases;
    this.binder = binder;
    this.registry = registry;
    this.metrics = metrics;
    this.clock = clock;
    this.config = config;
  }

  /**
   * Claims a sandbox. The future fails with a {@link GatewayException}: NOT_FOUND for an unknown
   * pool, EXHAUSTED when the deadline passes, UNAVAILABLE when the lease store is down.
   */
  public CompletableFuture<HeldSandbox> claim(ClaimSpec spec) {
    long started = System.nanoTime();
    SandboxPool pool = pools.get(spec.pool());
    Duration timeout = orDefault(spec.claimTimeout(), config.defaultClaimTimeout());
    Instant deadline = clock.instant().plus(timeout);
    return attempt(pool, spec, deadline)
        .whenComplete((held, error) -> metrics.claimed(pool.name(), started, error));
  }

  private CompletableFuture<HeldSandbox> attempt(
      SandboxPool pool, ClaimSpec spec, Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.isNegative() || left.isZero()) {
      return CompletableFuture.failedFuture(
          new GatewayException(
              Failure.EXHAUSTED,
              "no usable sandbox in pool \"" + pool.name() + "\" before the claim deadline"));
    }
    String owner = newLeaseToken();
    CompletableFuture<WonSandbox> won;
    try {
      won = queue(pool).acquire(owner, left);
    } catch (RuntimeException e) { // the lease store failed on the fast path
      return CompletableFuture.failedFuture(e);
    }
    return won.thenCompose(
        w -> {
          try {
            return CompletableFuture.completedFuture(hold(pool, spec, w));
          } catch (GatewayException e) {
            LOG.warn(
                "Failed to bind sandbox pool={} sandbox={} error={}",
                pool.name(),
                w.target().id(),
                e.getMessage());
            leases.release(w.target().id(), owner);
            pool.discard(w.target());
            return attempt(pool, spec, deadline);
          }
        });
  }

  private HeldSandbox hold(SandboxPool pool, ClaimSpec spec, WonSandbox won) {
    long token = won.lease().fencingToken();
    String leaseId = won.target().id() + "#" + token;
    SidecarConnection sidecar = binder.bind(won.target(), leaseId, token);
    HeldSandbox held =
        new HeldSandbox(
            won.target(),
            won.lease().owner(),
            token,
            sidecar,
            spec.labels(),
            clock.instant(),
            orDefault(spec.ttl(), pool.defaultTtl()),
            orDefault(spec.idleTimeout(), pool.defaultIdleTimeout()),
            won.lease().expiresAt());
    registry.add(held);
    pool.bound(won.target(), token);
    LOG.debug("Claimed sandbox pool={} sandbox={} token={}", pool.name(), held.id(), token);
    return held;
  }

  /** Claims waiting now in a pool. */
  public int waiting(String pool) {
    ClaimQueue queue = queues.get(pool);
    return queue == null ? 0 : queue.waiting();
  }

  private ClaimQueue queue(SandboxPool pool) {
    return queues.computeIfAbsent(
        pool.name(), name -> new ClaimQueue(pool, leases, config.leaseTtl(), deadlines));
  }

  private String newLeaseToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value.isZero() ? fallback : value;
  }

  @PreDestroy
  void close() {
    deadlines.shutdownNow();
  }
}
