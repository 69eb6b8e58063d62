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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims of one pool, served in arrival order. A claim that finds no one waiting before it tries at
 * once on the caller's thread (the fast path: one lease-store round trip); otherwise it waits in
 * line and is served when a sandbox becomes ready, or fails with EXHAUSTED at its deadline.
 */
final class ClaimQueue {
  private static final int CANDIDATES_PER_TRY = 8;

  private final SandboxPool pool;
  private final LeaseStore leases;
  private final Duration leaseTtl;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // guarded by this
  private final AtomicInteger dispatchRequests = new AtomicInteger();

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
      lineIsEmpty = waiters.isEmpty();
      if (!lineIsEmpty) {
        waiters.add(waiter);
      }
    }
    if (lineIsEmpty) {
      Optional<WonSandbox> won = tryWin(owner);
      if (won.isPresent()) {
        return CompletableFuture.completedFuture(won.get());
      }
      synchronized (this) {
        waiters.add(waiter);
      }
      // A sandbox may have become ready between the try and joining the line: look again.
      dispatch();
    }
    timer.schedule(() -> expire(waiter), timeout.toMillis(), TimeUnit.MILLISECONDS);
    return waiter.future;
  }

  synchronized int waiting() {
    return waiters.size();
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
      drain();
      missed = dispatchRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drain() {
    while (true) {
      Waiter head;
      synchronized (this) {
        head = waiters.peek();
      }
      if (head == null) {
        return;
      }
      if (head.future.isDone()) { // cancelled by the caller or expired
        remove(head);
        continue;
      }
      Optional<WonSandbox> won;
      try {
        won = tryWin(head.owner);
      } catch (RuntimeException e) {
        remove(head);
        head.future.completeExceptionally(e);
        continue;
      }
      if (won.isEmpty()) {
        return;
      }
      remove(head);
      if (!head.future.complete(won.get())) {
        giveBack(won.get());
      }
    }
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
    if (!remove(waiter)) {
      return;
    }
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

  private static final class Waiter {
    final String owner;
    final Duration timeout;
    final CompletableFuture<WonSandbox> future = new CompletableFuture<>();

    Waiter(String owner, Duration timeout) {
      this.owner = owner;
      this.timeout = timeout;
    }
  }
}
