package io.infra.arl.gateway.claim;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.PoolStats;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims of one pool, served in arrival order. A claim that finds no one waiting before it tries at
 * once on the caller's thread (the fast path: one lease-store round trip); otherwise it waits in
 * line and is served when a sandbox becomes ready, or fails with EXHAUSTED at its deadline.
 *
 * <p>The line is served from its head in batches of up to {@value #BATCH} claims whose round trips
 * run at once (the lease store pipelines them), so a line that formed under a burst drains at the
 * store's throughput rather than one round trip at a time. Claims of a batch that win nothing go
 * back to the head, in order. A try already in flight when a claim's deadline passes may still win
 * it its sandbox.
 *
 * <p>A line that won nothing although the pool lists ready sandboxes is looking at a stale view:
 * they are leased by another gateway, which may hand them back without any event reaching this one
 * (ADR 0029: brief claims of a Reset pool are never written). Such a line tries again after {@link
 * #STALE_VIEW_RETRY}, backing off to {@link #STALE_VIEW_RETRY_MAX} while no retry serves a claim,
 * until it is served, empty, or shown no ready sandbox.
 */
final class ClaimQueue {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimQueue.class);
  private static final int CANDIDATES_PER_TRY = 8;
  private static final int BATCH = 16;

  /** How soon a line that lost every listed candidate to other holders tries again. */
  static final Duration STALE_VIEW_RETRY = Duration.ofMillis(20);

  /** The longest wait between such retries while none serves a claim. */
  static final Duration STALE_VIEW_RETRY_MAX = Duration.ofMillis(320);

  private static final Executor TRIES = task -> Thread.ofVirtual().name("claim-try").start(task);

  private final SandboxPool pool;
  private final LeaseStore leases;
  private final Duration leaseTtl;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // guarded by this
  private int inBatch; // claims out of the line in a batch being served; guarded by this
  private final AtomicInteger dispatchRequests = new AtomicInteger();
  private final AtomicBoolean retryArmed = new AtomicBoolean();
  private final AtomicLong served = new AtomicLong(); // claims served from the line
  // Written by the one thread that armed the retry (retryArmed), read by the next.
  private volatile long servedAtLastRetry = -1;
  private volatile int fruitlessRetries;

  ClaimQueue(
      SandboxPool pool, LeaseStore leases, Duration leaseTtl, ScheduledExecutorService timer) {
    this.pool = pool;
    this.leases = leases;
    this.leaseTtl = leaseTtl;
    this.timer = timer;
    pool.onReady(this::dispatch);
  }

  /** Wins a sandbox for {@code owner} within {@code timeout}. */
  CompletableFuture<WonSandbox> acquire(String owner, Duration timeout) {
    Waiter waiter = new Waiter(owner, timeout);
    boolean lineIsEmpty;
    synchronized (this) {
      lineIsEmpty = waiters.isEmpty() && inBatch == 0;
      if (!lineIsEmpty) {
        waiters.add(waiter); // served by the dispatch under way, or when a sandbox turns ready
      }
    }
    if (!lineIsEmpty) {
      armTimer(waiter);
      return waiter.future;
    }
    Optional<WonSandbox> won = tryWin(owner);
    if (won.isPresent()) {
      return CompletableFuture.completedFuture(won.get());
    }
    synchronized (this) {
      waiters.add(waiter);
    }
    armTimer(waiter);
    // A sandbox may have become ready between the try and joining the line: look again.
    dispatch();
    return waiter.future;
  }

  private void armTimer(Waiter waiter) {
    timer.schedule(() -> expire(waiter), waiter.timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Claims waiting for a sandbox, those being tried right now included. */
  synchronized int waiting() {
    return waiters.size() + inBatch;
  }

  /**
   * Serves waiters from the head of the line while sandboxes can be won. Runs on one thread at a
   * time; a request that arrives while it runs makes it loop once more instead of being lost.
   */
  void dispatch() {
    if (dispatchRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      try {
        drain();
      } catch (RuntimeException e) { // a bug: keep serving; the claims concerned time out
        LOG.warn("Failed to serve waiting claims pool={} error={}", pool.name(), e.toString(), e);
      }
      missed = dispatchRequests.addAndGet(-missed);
    } while (missed != 0);
    retryIfViewIsStale();
  }

  /**
   * Claims still wait although the pool lists ready sandboxes: those are leased elsewhere, and no
   * event may come when they are free again. Tries again shortly, off the timer's thread; each
   * retry in a row that served no claim doubles the wait, up to {@link #STALE_VIEW_RETRY_MAX}.
   */
  private void retryIfViewIsStale() {
    if (waiting() == 0 || pool.candidates(1).isEmpty() || !retryArmed.compareAndSet(false, true)) {
      return;
    }
    long servedNow = served.get();
    fruitlessRetries = servedNow == servedAtLastRetry ? Math.min(fruitlessRetries + 1, 8) : 0;
    servedAtLastRetry = servedNow;
    long wait =
        Math.min(STALE_VIEW_RETRY.toMillis() << fruitlessRetries, STALE_VIEW_RETRY_MAX.toMillis());
    try {
      timer.schedule(
          () -> {
            retryArmed.set(false);
            TRIES.execute(this::dispatch);
          },
          wait,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) { // shutting down: the claims fail with the gateway
      retryArmed.set(false);
    }
  }

  private void drain() {
    while (true) {
      List<Waiter> batch = takeBatch();
      if (batch.isEmpty()) {
        return;
      }
      List<Waiter> unserved = List.of();
      try {
        unserved = serve(batch);
        if (unserved.isEmpty()) {
          continue;
        }
        if (batch.size() == 1) {
          return; // tried alone: the pool has nothing to win now; put back below
        }
        // Batch peers may have taken each other's candidates: one more try, alone, for the first
        // unserved claim tells a lost race from an exhausted pool (then a ready sandbox wakes us).
        Attempt retried = attempt(unserved.getFirst());
        if (retried == Attempt.NOTHING) {
          return;
        }
        settle(unserved.getFirst(), retried);
        unserved = unserved.subList(1, unserved.size());
      } finally {
        putBack(unserved);
      }
    }
  }

  /** Removes up to {@link #BATCH} claims still waiting from the head of the line, in order. */
  private synchronized List<Waiter> takeBatch() {
    List<Waiter> batch = new ArrayList<>(Math.min(BATCH, waiters.size()));
    while (batch.size() < BATCH && !waiters.isEmpty()) {
      Waiter head = waiters.poll();
      if (!head.future.isDone()) { // else cancelled by the caller or expired
        batch.add(head);
      }
    }
    inBatch += batch.size();
    return batch;
  }

  /** Tries to win a sandbox for each claim of the batch at once; returns those that won none. */
  private List<Waiter> serve(List<Waiter> batch) {
    List<Attempt> attempts;
    if (batch.size() == 1) {
      attempts = List.of(attempt(batch.getFirst()));
    } else {
      List<CompletableFuture<Attempt>> tries = new ArrayList<>(batch.size());
      batch.forEach(w -> tries.add(CompletableFuture.supplyAsync(() -> attempt(w), TRIES)));
      attempts = tries.stream().map(CompletableFuture::join).toList();
    }
    List<Waiter> unserved = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (attempts.get(i) == Attempt.NOTHING) {
        unserved.add(batch.get(i));
      } else {
        settle(batch.get(i), attempts.get(i));
      }
    }
    return unserved;
  }

  /** One try for {@code waiter}; a failure is told to the waiter at once. */
  private Attempt attempt(Waiter waiter) {
    try {
      return tryWin(waiter.owner).map(Attempt::won).orElse(Attempt.NOTHING);
    } catch (RuntimeException e) {
      waiter.future.completeExceptionally(e);
      return Attempt.FAILED;
    }
  }

  /** Ends a batch claim's try that won a sandbox or failed (it leaves the batch). */
  private void settle(Waiter waiter, Attempt attempt) {
    if (attempt.sandbox() != null && waiter.future.complete(attempt.sandbox())) {
      served.incrementAndGet();
    } else if (attempt.sandbox() != null) {
      try {
        giveBack(attempt.sandbox());
      } catch (RuntimeException e) { // its lease expires on its own
        LOG.warn(
            "Failed to give back sandbox={} error={}",
            attempt.sandbox().target().id(),
            e.toString());
      }
    }
    synchronized (this) {
      inBatch--;
    }
  }

  /**
   * Returns claims that won nothing to the head of the line, in their order; one whose timer fired
   * while it was out of the line fails now (the timer found it missing).
   */
  private void putBack(List<Waiter> unserved) {
    List<Waiter> late = new ArrayList<>();
    synchronized (this) {
      inBatch -= unserved.size();
      for (int i = unserved.size() - 1; i >= 0; i--) {
        Waiter waiter = unserved.get(i);
        if (waiter.timedOut) {
          late.add(waiter);
        } else {
          waiters.addFirst(waiter);
        }
      }
    }
    late.forEach(this::exhausted);
  }

  /** One lease-store round trip over a sample of ready candidates. */
  private Optional<WonSandbox> tryWin(String owner) {
    while (true) {
      List<SandboxTarget> candidates = pool.candidates(CANDIDATES_PER_TRY);
      if (candidates.isEmpty()) {
        return Optional.empty();
      }
      List<String> ids = new ArrayList<>(candidates.size());
      candidates.forEach(c -> ids.add(c.id()));
      Optional<Lease> lease = leases.acquireFirst(ids, owner, leaseTtl);
      if (lease.isEmpty()) {
        // Every candidate is leased already: their winners take them out of the view shortly.
        return Optional.empty();
      }
      Optional<SandboxTarget> target = pool.claimed(lease.get().sandboxId());
      if (target.isPresent()) {
        return Optional.of(new WonSandbox(target.get(), lease.get()));
      }
      // The sandbox vanished between being offered and won: let go of its lease and try again.
      leases.release(lease.get().sandboxId(), owner);
    }
  }

  private void giveBack(WonSandbox won) {
    leases.release(won.target().id(), won.lease().owner());
    pool.discard(won.target());
  }

  private void expire(Waiter waiter) {
    waiter.timedOut = true;
    if (remove(waiter)) {
      exhausted(waiter);
    }
    // Else served, or out of the line in a batch: putBack fails it if it comes back unserved.
  }

  private void exhausted(Waiter waiter) {
    PoolStats stats = pool.stats();
    waiter.future.completeExceptionally(
        new GatewayException(
            Failure.EXHAUSTED,
            "no ready sandbox in pool \""
                + pool.name()
                + "\" within "
                + waiter.timeout.toMillis()
                + " ms (ready: "
                + stats.ready()
                + ", allocated: "
                + stats.allocated()
                + ", creating: "
                + stats.creating()
                + ", waiting claims: "
                + waiting()
                + ")"));
  }

  private synchronized boolean remove(Waiter waiter) {
    return waiters.remove(waiter);
  }

  /** What one try for a waiting claim came to: a sandbox, nothing to win, or a failure (told). */
  private record Attempt(WonSandbox sandbox, boolean failed) {
    static final Attempt NOTHING = new Attempt(null, false);
    static final Attempt FAILED = new Attempt(null, true);

    static Attempt won(WonSandbox sandbox) {
      return new Attempt(sandbox, false);
    }
  }

  private static final class Waiter {
    final String owner;
    final Duration timeout;
    final CompletableFuture<WonSandbox> future = new CompletableFuture<>();
    volatile boolean timedOut;

    Waiter(String owner, Duration timeout) {
      this.owner = owner;
      this.timeout = timeout;
    }
  }
}
