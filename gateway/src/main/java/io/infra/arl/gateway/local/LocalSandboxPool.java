package io.infra.arl.gateway.local;

import io.infra.arl.gateway.config.PoolConfig;
import io.infra.arl.gateway.pool.PoolStats;
import io.infra.arl.gateway.pool.ReadySet;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.kube.crd.ReleasePolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm pool of in-process sidecars. It keeps {@code replicas} ready, unclaimed sandboxes (claimed
 * ones do not count, as in OpenKruise SandboxSet): a claimed sandbox is replaced at once. A
 * released one is reset and offered again (policy {@code Reset}, the default: ADR 0026) or
 * destroyed (policy {@code Delete}). Sandboxes returned beyond {@code replicas} serve the next
 * claims, which then create nothing; an excess that outlives the scale-down delay is destroyed.
 */
public final class LocalSandboxPool implements SandboxPool, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSandboxPool.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final PoolConfig config;
  private final LocalSandboxes sandboxes;
  private final ReadySet<LocalSandbox> ready = new ReadySet<>(s -> s.target().id());
  private final ConcurrentHashMap<String, LocalSandbox> allocated = new ConcurrentHashMap<>();
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  // Creations run on a few platform threads, not one virtual thread each: building a sidecar
  // loads classes (grpc probes for optional ones per server), a virtual thread in class loading
  // pins its carrier, and thousands of them at once (a large pool filling) pinned both carriers
  // on locks held by unmounted virtual threads: the pool stopped filling for good.
  private final ExecutorService creators =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("sandbox-create-", 0).daemon().factory());
  // Ready + creating sandboxes, one counter so that fill() can reserve creations lock-free with
  // one compare-and-set (claims call fill and must not queue behind each other on the pool).
  private final AtomicInteger provisioned = new AtomicInteger();
  private final ScaleDown scaleDown;
  private volatile boolean closed;

  /**
   * @param config pool name, size, release policy and defaults
   * @param sandboxes creates and destroys this pool's sandboxes
   */
  LocalSandboxPool(PoolConfig config, LocalSandboxes sandboxes) {
    this.config = config;
    this.sandboxes = sandboxes;
    this.scaleDown =
        new ScaleDown(config.scaleDownDelay(), workers, this::excess, this::destroyReady);
  }

  /** Starts creating the pool's sandboxes; returns at once. */
  public void start() {
    fill();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Duration defaultIdleTimeout() {
    return Duration.ofSeconds(config.idleTimeoutSeconds());
  }

  @Override
  public Duration defaultTtl() {
    return Duration.ofSeconds(config.ttlSeconds());
  }

  @Override
  public List<SandboxTarget> candidates(int max) {
    // Concurrent claimers sample differently, so their single round trips rarely collide.
    return ready.sample(max, ThreadLocalRandom.current()).stream()
        .map(LocalSandbox::target)
        .toList();
  }

  @Override
  public Optional<SandboxTarget> claimed(String sandboxId) {
    LocalSandbox sandbox = ready.remove(sandboxId);
    if (sandbox == null) {
      return Optional.empty();
    }
    allocated.put(sandboxId, sandbox);
    provisioned.decrementAndGet();
    scaleDown.claimed();
    fill();
    return Optional.of(sandbox.target());
  }

  @Override
  public void release(SandboxTarget target, Runnable reset, Runnable done) {
    LocalSandbox sandbox = allocated.remove(target.id());
    if (sandbox == null) {
      done.run();
      return;
    }
    boolean recycles = config.releasePolicy() == ReleasePolicy.RESET;
    if (!recycles) {
      // A deleted local sandbox is never offered again (its id dies with it): the lease can go.
      done.run();
    }
    try {
      workers.execute(
          recycles
              ? () -> recycle(sandbox, reset, done)
              : () -> sandboxes.destroy(sandbox, "released"));
    } catch (RejectedExecutionException e) { // the pool is closing: close() no longer sees it
      if (recycles) {
        done.run();
      }
      sandboxes.destroy(sandbox, "gateway stopped");
    }
  }

  @Override
  public void discard(SandboxTarget target) {
    LocalSandbox sandbox = allocated.remove(target.id());
    if (sandbox == null) {
      sandbox = ready.remove(target.id());
      if (sandbox != null) {
        provisioned.decrementAndGet();
      }
    }
    if (sandbox != null) {
      LocalSandbox broken = sandbox;
      workers.execute(() -> sandboxes.destroy(broken, "discarded"));
    }
    fill();
  }

  @Override
  public void onReady(Runnable listener) {
    readyListeners.add(listener);
  }

  @Override
  public PoolStats stats() {
    int readyNow = ready.size();
    int creating = Math.max(0, provisioned.get() - readyNow);
    return new PoolStats(name(), config.replicas(), readyNow, allocated.size(), creating);
  }

  /**
   * Resets a released sandbox through its still-held lease, then deletes the lease and offers the
   * sandbox again, in that order: until the reset is done no claimer can win it in its old state. A
   * sandbox that cannot be reset, or whose lease cannot be deleted, is destroyed.
   */
  private void recycle(LocalSandbox sandbox, Runnable reset, Runnable done) {
    try {
      reset.run();
      done.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "Failed to reset sandbox pool={} sandbox={} error={}",
          name(),
          sandbox.target().id(),
          e.toString());
      try {
        done.run(); // idempotent: a lease already deleted stays deleted
      } finally {
        sandboxes.destroy(sandbox, "reset failed");
      }
      return;
    }
    provisioned.incrementAndGet();
    if (!offer(sandbox)) {
      provisioned.decrementAndGet();
      sandboxes.destroy(sandbox, "pool closed");
      return;
    }
    LOG.debug("Reset sandbox pool={} sandbox={}", name(), sandbox.target().id());
    scaleDown.returned();
  }

  /**
   * Starts as many creations as needed to reach {@code replicas} ready + creating, never more: the
   * compare-and-set reserves the creations, so concurrent fills cannot both count the same gap.
   */
  private void fill() {
    while (!closed) {
      int now = provisioned.get();
      int toCreate = config.replicas() - now;
      if (toCreate <= 0) {
        return;
      }
      if (provisioned.compareAndSet(now, config.replicas())) {
        try {
          for (int i = 0; i < toCreate; i++) {
            creators.execute(this::createOne);
          }
        } catch (RejectedExecutionException e) {
          // Closing: nothing is created any more.
        }
        return;
      }
    }
  }

  private void createOne() {
    LocalSandbox sandbox;
    try {
      sandbox = sandboxes.create();
    } catch (IOException | RuntimeException e) {
      provisioned.decrementAndGet();
      LOG.warn("Failed to create sandbox pool={} error={}", name(), e.toString());
      retryLater();
      return;
    }
    if (!offer(sandbox)) {
      sandboxes.destroy(sandbox, "pool closed");
      return;
    }
    LOG.debug("Created sandbox pool={} sandbox={}", name(), sandbox.target().id());
  }

  /** Makes a provisioned sandbox ready and tells the waiting claims; false once closed. */
  private boolean offer(LocalSandbox sandbox) {
    synchronized (this) {
      // Under the lock against close(): a sandbox offered after it would never be destroyed.
      if (closed) {
        return false;
      }
      ready.put(sandbox);
    }
    readyListeners.forEach(Runnable::run);
    return true;
  }

  private void retryLater() {
    if (!closed) {
      CompletableFuture.delayedExecutor(RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS)
          .execute(this::fill);
    }
  }

  /** Destroys up to {@code max} ready sandboxes while the pool holds more than its replicas. */
  private int destroyReady(int max) {
    int destroyed = 0;
    while (!closed && destroyed < max && excess() > 0) {
      LocalSandbox sandbox = ready.removeAny();
      if (sandbox == null) {
        break;
      }
      provisioned.decrementAndGet();
      sandboxes.destroy(sandbox, "scaled down");
      destroyed++;
    }
    if (destroyed > 0) {
      LOG.info(
          "Scaled down pool pool={} destroyed={} replicas={}",
          name(),
          destroyed,
          config.replicas());
    }
    return destroyed;
  }

  /** Ready and creating sandboxes beyond {@code replicas} (negative when short). */
  private int excess() {
    return provisioned.get() - config.replicas();
  }

  @Override
  public void close() {
    List<LocalSandbox> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      all.addAll(ready.clear());
      all.addAll(allocated.values());
      allocated.clear();
    }
    all.forEach(s -> sandboxes.destroy(s, "gateway stopped"));
    creators.shutdownNow();
    workers.shutdown();
    try {
      creators.awaitTermination(10, TimeUnit.SECONDS);
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
