package io.infra.arl.lease.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryLeaseStoreTest extends LeaseStoreContract {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(START);

  @Override
  protected LeaseStore createStore() {
    return new InMemoryLeaseStore(clock);
  }

  @Override
  protected Duration shortTtl() {
    return TTL;
  }

  @Override
  protected void expire(Lease lease) {
    clock.advance(Duration.between(clock.instant(), lease.expiresAt()));
  }

  @Override
  protected int concurrencyRounds() {
    return 2_000;
  }

  @Test
  void leaseIsLiveUntilJustBeforeItsExpiry() {
    String id = sandboxes(1).get(0);
    Lease lease = store.acquireFirst(List.of(id), owner(), Duration.ofSeconds(10)).orElseThrow();
    assertThat(lease.expiresAt()).isEqualTo(START.plusSeconds(10));

    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(store.get(id)).contains(lease);

    clock.advance(Duration.ofNanos(1));
    assertThat(store.get(id)).isEmpty();
  }

  @Test
  void fencingTokensStartFromTheClockSoARestartedStoreDoesNotGoBack() {
    String id = sandboxes(1).get(0);
    Lease before = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    clock.advance(Duration.ofMillis(1));
    LeaseStore restarted = new InMemoryLeaseStore(clock);
    Lease after = restarted.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    assertThat(before.fencingToken()).isEqualTo(START.toEpochMilli() * 1_000);
    assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
  }

  @Test
  void expiredLeasesNobodyTouchesAreSwept() {
    List<String> ids = sandboxes(2_000);
    for (String id : ids) {
      store.acquireFirst(List.of(id), owner(), Duration.ofSeconds(1)).orElseThrow();
    }
    clock.advance(Duration.ofSeconds(1));

    cycleOneFreshSandboxUntilASweep();

    assertThat(((InMemoryLeaseStore) store).entryCount()).as("the release record of fresh").isOne();
  }

  @Test
  void releaseRecordsAreForgottenAfterTheirTime() {
    List<String> ids = sandboxes(2);
    for (String id : ids) {
      String owner = owner();
      store.acquireFirst(List.of(id), owner, TTL).orElseThrow();
      store.release(id, owner);
    }

    clock.advance(LeaseStore.RELEASE_RECORD_TTL.minusNanos(1));
    assertThat(store.lastRelease(ids.get(0))).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(store.lastRelease(ids.get(0))).isEmpty();
    cycleOneFreshSandboxUntilASweep();
    assertThat(((InMemoryLeaseStore) store).entryCount()).as("the release record of fresh").isOne();
  }

  /** Claims and releases one new sandbox as often as it takes the store to sweep once. */
  private void cycleOneFreshSandboxUntilASweep() {
    String fresh = "fresh-" + owner();
    for (int i = 0; i < 1_024; i++) {
      String owner = owner();
      store.acquireFirst(List.of(fresh), owner, TTL).orElseThrow();
      store.release(fresh, owner);
    }
  }
}
