package io.infra.arl.gateway.local;

import io.infra.arl.gateway.config.PoolConfig;
import io.infra.arl.gateway.pool.PoolStats;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.sidecar.SidecarConfig;
import io.infra.arl.sidecar.SidecarObserver;
import io.infra.arl.sidecar.SidecarServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm pool of in-process sidecars. It keeps {@code replicas} ready, unclaimed sandboxes (claimed
 * ones do not count, as in OpenKruise SandboxSet): a claimed sandbox is replaced at once, a
 * released one is destroyed (processes killed, workspace deleted). A sandbox is offered only once
 * the gateway's channel to its sidecar is connected and has answered a health check, and that
 * channel is closed when the sandbox is destroyed.
 */
public final class LocalSandboxPool implements SandboxPool, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSandboxPool.class);
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

  private final PoolConfig config;
  private final Path workspaceRoot;
  private final String idPrefix;
  private final SidecarObserver observer;
  private final SidecarChannels channels;
  private final ConcurrentHashMap<String, LocalSandbox> ready = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LocalSandbox> allocated = new ConcurrentHashMap<>();
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  // Ready + creating sandboxes, one counter so that fill() can reserve creations lock-free with
  // one compare-and-set (claims call fill and must not queue behind each other on the pool).
  private final AtomicInteger provisioned = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param config pool name, size and defaults
   * @param workspaceRoot directory under which each sandbox gets its workspace
   * @param instanceId this gateway's id, part of every sandbox id so ids never collide between
   *     gateways sharing a lease store
   * @param observer told of every bind and served call of every sidecar (ledger, tests)
   * @param channels where sandboxes' channels are warmed when created and closed when destroyed
   */
  public LocalSandboxPool(
      PoolConfig config,
      Path workspaceRoot,
      String instanceId,
      SidecarObserver observer,
      SidecarChannels channels) {
    this.config = config;
    this.workspaceRoot = workspaceRoot;
    this.idPrefix = config.name() + "-" + instanceId + "-";
    this.observer = observer;
    this.channels = channels;
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
    List<SandboxTarget> all = new ArrayList<>(ready.size());
    ready.values().forEach(s -> all.add(s.target()));
    // Concurrent claimers shuffle differently, so their single round trips rarely collide.
    Collections.shuffle(all, ThreadLocalRandom.current());
    return all.size() <= max ? all : all.subList(0, max);
  }

  @Override
  public Optional<SandboxTarget> claimed(String sandboxId) {
    LocalSandbox sandbox = ready.remove(sandboxId);
    if (sandbox == null) {
      return Optional.empty();
    }
    allocated.put(sandboxId, sandbox);
    provisioned.decrementAndGet();
    fill();
    return Optional.of(sandbox.target());
  }

  @Override
  public void release(SandboxTarget target, Runnable reset, Runnable done) {
    // A released local sandbox is never offered again (its id dies with it): the lease can go now.
    done.run();
    LocalSandbox sandbox = allocated.remove(target.id());
    if (sandbox != null) {
      workers.execute(() -> destroy(sandbox, "released"));
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
      workers.execute(() -> destroy(broken, "discarded"));
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
        for (int i = 0; i < toCreate; i++) {
          workers.execute(this::createOne);
        }
        return;
      }
    }
  }

  private void createOne() {
    String id = idPrefix + randomSuffix();
    Path workspace = workspaceRoot.resolve(id);
    try {
      Files.createDirectories(workspace);
      SidecarServer server = SidecarServer.start(SidecarConfig.defaults(workspace), observer);
      LocalSandbox sandbox =
          new LocalSandbox(
              new SandboxTarget(id, name(), "127.0.0.1", server.port()), server, workspace);
      if (!warm(sandbox)) {
        provisioned.decrementAndGet();
        destroy(sandbox, "sidecar did not answer");
        retryLater();
        return;
      }
      if (!admit(sandbox)) {
        destroy(sandbox, "pool closed");
        return;
      }
      LOG.debug("Created sandbox pool={} sandbox={} port={}", name(), id, server.port());
      readyListeners.forEach(Runnable::run);
    } catch (IOException | RuntimeException e) {
      provisioned.decrementAndGet();
      LOG.warn("Failed to create sandbox pool={} sandbox={} error={}", name(), id, e.toString());
      retryLater();
    }
  }

  /** Connects the gateway's channel to the new sidecar so that its first claim pays no set-up. */
  private boolean warm(LocalSandbox sandbox) {
    try {
      channels
          .warm(sandbox.target(), WARM_UP_TIMEOUT)
          .get(WARM_UP_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Failed to warm up sandbox pool={} sandbox={} error={}",
          name(),
          sandbox.target().id(),
          e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void retryLater() {
    if (!closed) {
      CompletableFuture.delayedExecutor(RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS)
          .execute(this::fill);
    }
  }

  /** Moves a created sandbox to ready (it stays provisioned). */
  private synchronized boolean admit(LocalSandbox sandbox) {
    // Under the lock against close(): a sandbox admitted after it would never be destroyed.
    if (closed) {
      return false;
    }
    ready.put(sandbox.target().id(), sandbox);
    return true;
  }

  private void destroy(LocalSandbox sandbox, String reason) {
    channels.evict(sandbox.target());
    sandbox.server().close();
    Workspaces.deleteRecursively(sandbox.workspace());
    LOG.debug(
        "Destroyed sandbox pool={} sandbox={} reason={}", name(), sandbox.target().id(), reason);
  }

  /** Sandbox ids need to be unique, not secret: the lease token is the secret. */
  private static String randomSuffix() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[8];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
    }
    return new String(chars);
  }

  @Override
  public void close() {
    List<LocalSandbox> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      all.addAll(ready.values());
      all.addAll(allocated.values());
      ready.clear();
      allocated.clear();
    }
    all.forEach(s -> destroy(s, "gateway stopped"));
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
