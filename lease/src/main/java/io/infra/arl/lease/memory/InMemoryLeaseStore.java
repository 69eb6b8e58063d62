package io.infra.arl.lease.memory;

import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseArguments;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import io.infra.arl.lease.Release;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link LeaseStore} held in this process, for the local mode and for tests: same semantics as
 * the Redis store, with expiry decided by the injected clock (so tests can move time).
 *
 * <p>Fencing tokens are {@code max(previous + 1, clock in microseconds)}, like the Redis store, so
 * they keep growing across restarts of the process as long as the clock does not go back.
 */
public final class InMemoryLeaseStore implements LeaseStore {

  /** Expired leases nobody touches again are swept after this many mutations. */
  private static final int SWEEP_EVERY = 1024;

  private final Clock clock;
  // One lock for all sandboxes: acquireFirst must see and take its candidates atomically, and
  // local mode serves one machine's worth of claims, far below what a single lock sustains.
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<String, Release> releases = new HashMap<>();
  private long lastToken;
  private int mutationsSinceSweep;
  private boolean closed;

  /** Creates an empty store whose leases expire according to {@code clock}. */
  public InMemoryLeaseStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Lease> acquireFirst(List<String> candidateIds, String owner, Duration ttl) {
    LeaseArguments.requireCandidates(candidateIds);
    LeaseArguments.requireOwner(owner);
    LeaseArguments.requireTtl(ttl);
    lock.lock();
    try {
      Instant now = open();
      String firstFree = null;
      for (String id : candidateIds) {
        Lease lease = live(id, now);
        if (lease == null) {
          firstFree = firstFree == null ? id : firstFree;
        } else if (lease.owner().equals(owner)) {
          return Optional.of(lease);
        }
      }
      if (firstFree == null) {
        return Optional.empty();
      }
      Lease lease = new Lease(firstFree, owner, nextToken(now), now.plus(ttl));
      leases.put(firstFree, lease);
      afterMutation(now);
      return Optional.of(lease);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Lease> renew(String sandboxId, String owner, Duration ttl) {
    LeaseArguments.requireSandboxId(sandboxId);
    LeaseArguments.requireOwner(owner);
    LeaseArguments.requireTtl(ttl);
    lock.lock();
    try {
      Instant now = open();
      Lease lease = live(sandboxId, now);
      if (lease == null || !lease.owner().equals(owner)) {
        return Optional.empty();
      }
      Lease renewed = new Lease(sandboxId, owner, lease.fencingToken(), now.plus(ttl));
      leases.put(sandboxId, renewed);
      return Optional.of(renewed);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Lease> renewOrRestore(Lease lease, Duration ttl) {
    LeaseArguments.requireSandboxId(lease.sandboxId());
    LeaseArguments.requireOwner(lease.owner());
    LeaseArguments.requireTtl(ttl);
    lock.lock();
    try {
      Instant now = open();
      Lease current = live(lease.sandboxId(), now);
      if (current != null && !current.owner().equals(lease.owner())) {
        return Optional.empty();
      }
      long token = current == null ? lease.fencingToken() : current.fencingToken();
      Lease renewed = new Lease(lease.sandboxId(), lease.owner(), token, now.plus(ttl));
      leases.put(lease.sandboxId(), renewed);
      return Optional.of(renewed);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean release(String sandboxId, String owner) {
    LeaseArguments.requireSandboxId(sandboxId);
    LeaseArguments.requireOwner(owner);
    lock.lock();
    try {
      Instant now = open();
      Lease lease = live(sandboxId, now);
      if (lease == null || !lease.owner().equals(owner)) {
        return false;
      }
      leases.remove(sandboxId);
      releases.put(sandboxId, new Release(sandboxId, lease.fencingToken(), now));
      afterMutation(now);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Release> lastRelease(String sandboxId) {
    LeaseArguments.requireSandboxId(sandboxId);
    lock.lock();
    try {
      Instant now = open();
      Release release = releases.get(sandboxId);
      if (release != null && isForgotten(release, now)) {
        releases.remove(sandboxId);
        return Optional.empty();
      }
      return Optional.ofNullable(release);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Lease> get(String sandboxId) {
    LeaseArguments.requireSandboxId(sandboxId);
    lock.lock();
    try {
      return Optional.ofNullable(live(sandboxId, open()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      leases.clear();
      releases.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Entries held, expired ones not yet swept included (visible for the sweep test). */
  int entryCount() {
    lock.lock();
    try {
      return leases.size() + releases.size();
    } finally {
      lock.unlock();
    }
  }

  private Instant open() {
    if (closed) {
      throw new LeaseStoreUnavailableException("In-memory lease store is closed");
    }
    return clock.instant();
  }

  private Lease live(String sandboxId, Instant now) {
    Lease lease = leases.get(sandboxId);
    if (lease != null && lease.isExpiredAt(now)) {
      leases.remove(sandboxId);
      return null;
    }
    return lease;
  }

  private long nextToken(Instant now) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
    lastToken = Math.max(lastToken + 1, micros);
    return lastToken;
  }

  private void afterMutation(Instant now) {
    if (++mutationsSinceSweep < SWEEP_EVERY) {
      return;
    }
    mutationsSinceSweep = 0;
    leases.values().removeIf(lease -> lease.isExpiredAt(now));
    releases.values().removeIf(release -> isForgotten(release, now));
  }

  private static boolean isForgotten(Release release, Instant now) {
    return !now.isBefore(release.releasedAt().plus(RELEASE_RECORD_TTL));
  }
}
