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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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

  private final PoolRegistry pools;
  private final LeaseStore leases;
  private final SidecarBinder binder;
  private final SandboxRegistry registry;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final GatewayConfig config;
  private final LeaseTokens tokens = new LeaseTokens();
  // Failed binds are cleaned up and retried here: that takes lease-store round trips, which must
  // not run on the sidecar channel's event loop where the bind's answer arrives.
  private final ExecutorService retries = Executors.newVirtualThreadPerTaskExecutor();
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
    String owner = tokens.next();
    CompletableFuture<WonSandbox> won;
    try {
      won = queue(pool).acquire(owner, left);
    } catch (RuntimeException e) { // the lease store failed on the fast path
      return CompletableFuture.failedFuture(e);
    }
    // The won future may complete on the claim queue's dispatching thread: Bind is only started
    // there (it never blocks), so the line moves on while sidecars answer. An in-process sidecar
    // (local mode) answers a free Bind at once, on that thread (ADR 0031): microseconds.
    return won.thenCompose(
        w ->
            hold(pool, spec, w)
                .exceptionallyCompose(error -> retry(pool, spec, deadline, w, error)));
  }

  /** After a failed bind: gives the sandbox up and claims another within the same deadline. */
  private CompletableFuture<HeldSandbox> retry(
      SandboxPool pool, ClaimSpec spec, Instant deadline, WonSandbox won, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (!(cause instanceof GatewayException failure)) {
      return CompletableFuture.failedFuture(cause);
    }
    LOG.warn(
        "Failed to bind sandbox pool={} sandbox={} error={}",
        pool.name(),
        won.target().id(),
        failure.getMessage());
    return CompletableFuture.supplyAsync(
            () -> {
              leases.release(won.target().id(), won.lease().owner());
              pool.discard(won.target());
              return attempt(pool, spec, deadline);
            },
            retries)
        .thenCompose(next -> next);
  }

  private CompletableFuture<HeldSandbox> hold(SandboxPool pool, ClaimSpec spec, WonSandbox won) {
    long token = won.lease().fencingToken();
    String leaseId = won.target().id() + "#" + token;
    return binder
        .bind(won.target(), leaseId, token)
        .thenApply(sidecar -> register(pool, spec, won, sidecar));
  }

  private HeldSandbox register(
      SandboxPool pool, ClaimSpec spec, WonSandbox won, SidecarConnection sidecar) {
    long token = won.lease().fencingToken();
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

  private static Duration orDefault(Duration value, Duration fallback) {
    return value.isZero() ? fallback : value;
  }

  @PreDestroy
  void close() {
    deadlines.shutdownNow();
    retries.shutdownNow();
  }
}
