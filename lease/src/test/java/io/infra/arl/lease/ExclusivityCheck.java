package io.infra.arl.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hammers a store from many threads with acquire/release cycles on a few sandboxes and records
 * every moment where two holders believed they held the same sandbox.
 *
 * <p>A holder registers itself after acquiring and unregisters before releasing, so a registered
 * holder always still holds its lease in the store (the ttl outlives the run). Finding the slot
 * taken at registration therefore means the store granted a sandbox that was still leased.
 */
final class ExclusivityCheck {

  /**
   * What the run observed.
   *
   * @param acquisitions leases granted
   * @param overlaps times a sandbox was granted while another holder still held it
   * @param refusedReleases releases by the rightful holder that the store refused
   * @param distinctTokens distinct fencing tokens among all granted leases
   */
  record Report(int acquisitions, int overlaps, int refusedReleases, int distinctTokens) {}

  private final Map<String, String> holders = new ConcurrentHashMap<>();
  private final Set<Long> tokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger acquisitions = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final AtomicInteger refusedReleases = new AtomicInteger();

  private ExclusivityCheck() {}

  /** Runs {@code threads} threads of {@code rounds} cycles each and reports. */
  static Report run(LeaseStore store, List<String> sandboxIds, int threads, int rounds)
      throws Exception {
    ExclusivityCheck check = new ExclusivityCheck();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        workers.add(pool.submit(() -> check.work(store, rotate(sandboxIds, offset), rounds, go)));
      }
      go.countDown();
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    return new Report(
        check.acquisitions.get(),
        check.overlaps.get(),
        check.refusedReleases.get(),
        check.tokens.size());
  }

  private Void work(LeaseStore store, List<String> candidates, int rounds, CountDownLatch go)
      throws InterruptedException {
    go.await();
    for (int round = 0; round < rounds; round++) {
      String owner = "owner-" + UUID.randomUUID();
      Lease lease = store.acquireFirst(candidates, owner, Duration.ofMinutes(5)).orElse(null);
      if (lease == null) {
        continue;
      }
      acquisitions.incrementAndGet();
      tokens.add(lease.fencingToken());
      if (holders.putIfAbsent(lease.sandboxId(), owner) != null) {
        overlaps.incrementAndGet();
        continue;
      }
      holders.remove(lease.sandboxId(), owner);
      if (!store.release(lease.sandboxId(), owner)) {
        refusedReleases.incrementAndGet();
      }
    }
    return null;
  }

  // Each thread prefers different sandboxes first, so threads contend on all of them.
  private static List<String> rotate(List<String> ids, int offset) {
    List<String> rotated = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      rotated.add(ids.get((i + offset) % ids.size()));
    }
    return rotated;
  }
}
