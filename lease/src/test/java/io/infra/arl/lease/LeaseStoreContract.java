package io.infra.arl.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseStore} must have. Each implementation's test extends this class;
 * sandbox ids and owners are unique per test, so implementations may share state between tests.
 */
public abstract class LeaseStoreContract {

  protected static final Duration TTL = Duration.ofSeconds(30);

  protected LeaseStore store;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A new store for one test; closed after it. */
  protected abstract LeaseStore createStore();

  /** A ttl short enough for {@link #expire} to run out in a test. */
  protected abstract Duration shortTtl();

  /** Returns once {@code lease} (taken with {@link #shortTtl()}) has expired in the store. */
  protected abstract void expire(Lease lease);

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Acquire/release cycles per thread in the exclusivity test. */
  protected abstract int concurrencyRounds();

  /** {@code count} sandbox ids unique to this test run. */
  protected List<String> sandboxes(int count) {
    return IntStream.range(0, count).mapToObj(i -> "sb-" + run + "-" + i).toList();
  }

  /** An owner id unique to this test run. */
  protected static String owner() {
    return "owner-" + UUID.randomUUID();
  }

  /**
   * Asserts that the store reports {@code expected} on the sandbox. The expiry is recomputed from
   * the remaining time on every read, so it is compared loosely.
   */
  protected void assertHeld(String sandboxId, Lease expected) {
    Lease actual = store.get(sandboxId).orElseThrow();
    assertThat(actual).usingRecursiveComparison().ignoringFields("expiresAt").isEqualTo(expected);
    assertThat(actual.expiresAt()).isCloseTo(expected.expiresAt(), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void acquiresFirstCandidateWhenAllAreFree() {
    List<String> ids = sandboxes(3);
    String owner = owner();

    Lease lease = store.acquireFirst(ids, owner, TTL).orElseThrow();

    assertThat(lease.sandboxId()).isEqualTo(ids.get(0));
    assertThat(lease.owner()).isEqualTo(owner);
    assertHeld(ids.get(0), lease);
    assertThat(store.get(ids.get(1))).isEmpty();
  }

  @Test
  void skipsLeasedCandidates() {
    List<String> ids = sandboxes(3);
    store.acquireFirst(ids.subList(0, 1), owner(), TTL).orElseThrow();

    Lease lease = store.acquireFirst(ids, owner(), TTL).orElseThrow();

    assertThat(lease.sandboxId()).isEqualTo(ids.get(1));
  }

  @Test
  void returnsEmptyWhenEveryCandidateIsLeased() {
    List<String> ids = sandboxes(2);
    store.acquireFirst(ids, owner(), TTL).orElseThrow();
    store.acquireFirst(ids, owner(), TTL).orElseThrow();

    assertThat(store.acquireFirst(ids, owner(), TTL)).isEmpty();
  }

  @Test
  void retryBySameOwnerReturnsTheSameLeaseWithoutTakingAnother() {
    List<String> ids = sandboxes(2);
    String owner = owner();
    Lease first = store.acquireFirst(ids, owner, TTL).orElseThrow();

    Lease retried = store.acquireFirst(ids, owner, TTL).orElseThrow();

    assertThat(retried.sandboxId()).isEqualTo(first.sandboxId());
    assertThat(retried.fencingToken()).isEqualTo(first.fencingToken());
    assertThat(store.get(ids.get(1))).isEmpty();
  }

  @Test
  void retryPrefersItsOwnLeaseOverACandidateFreedSince() {
    List<String> ids = sandboxes(2);
    String other = owner();
    String owner = owner();
    store.acquireFirst(ids, other, TTL).orElseThrow();
    Lease first = store.acquireFirst(ids, owner, TTL).orElseThrow();
    store.release(ids.get(0), other);

    Lease retried = store.acquireFirst(ids, owner, TTL).orElseThrow();

    assertThat(retried.sandboxId()).isEqualTo(ids.get(1)).isEqualTo(first.sandboxId());
    assertThat(store.get(ids.get(0))).isEmpty();
  }

  @Test
  void getOfFreeSandboxIsEmpty() {
    assertThat(store.get(sandboxes(1).get(0))).isEmpty();
  }

  @Test
  void renewByOwnerKeepsTokenAndExtendsExpiry() {
    String id = sandboxes(1).get(0);
    String owner = owner();
    Lease lease = store.acquireFirst(List.of(id), owner, TTL).orElseThrow();

    Lease renewed = store.renew(id, owner, TTL.multipliedBy(2)).orElseThrow();

    assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
    assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
    assertThat(store.get(id).orElseThrow().expiresAt()).isAfter(lease.expiresAt());
  }

  @Test
  void renewOrRestoreRestoresALostLeaseWithItsTokenButNeverTakesAnothersLease() {
    String id = sandboxes(1).get(0);
    Lease lease = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();
    assertThat(store.renewOrRestore(lease, TTL).orElseThrow().fencingToken())
        .isEqualTo(lease.fencingToken());

    store.release(id, lease.owner()); // as if the store had lost it
    Lease restored = store.renewOrRestore(lease, TTL).orElseThrow();
    assertThat(restored.fencingToken()).isEqualTo(lease.fencingToken());
    assertHeld(id, restored);
    assertThat(store.acquireFirst(List.of(id), owner(), TTL)).as("restored leases guard").isEmpty();

    store.release(id, lease.owner());
    Lease other = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();
    assertThat(store.renewOrRestore(lease, TTL)).isEmpty();
    assertThat(store.get(id).orElseThrow().owner()).isEqualTo(other.owner());
    assertThat(other.fencingToken()).isGreaterThan(lease.fencingToken());
  }

  @Test
  void renewByAnotherOwnerFailsAndLeavesTheLease() {
    String id = sandboxes(1).get(0);
    Lease lease = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    assertThat(store.renew(id, owner(), TTL)).isEmpty();
    assertThat(store.get(id).orElseThrow().owner()).isEqualTo(lease.owner());
    assertThat(store.renew(sandboxes(2).get(1), lease.owner(), TTL)).isEmpty();
  }

  @Test
  void releaseByOwnerFreesTheSandbox() {
    String id = sandboxes(1).get(0);
    String owner = owner();
    store.acquireFirst(List.of(id), owner, TTL).orElseThrow();

    assertThat(store.release(id, owner)).isTrue();

    assertThat(store.get(id)).isEmpty();
    assertThat(store.release(id, owner)).isFalse();
    assertThat(store.acquireFirst(List.of(id), owner(), TTL)).isPresent();
  }

  @Test
  void releaseByAnotherOwnerIsRefusedAndLeavesTheLease() {
    String id = sandboxes(1).get(0);
    Lease lease = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    assertThat(store.release(id, owner())).isFalse();

    assertHeld(id, lease);
  }

  @Test
  void releaseRecordsTheReleasedTokenAndALaterReleaseReplacesIt() {
    String id = sandboxes(1).get(0);
    String owner = owner();
    Lease first = store.acquireFirst(List.of(id), owner, TTL).orElseThrow();
    store.release(id, owner);

    Release recorded = store.lastRelease(id).orElseThrow();

    assertThat(recorded.sandboxId()).isEqualTo(id);
    assertThat(recorded.fencingToken()).isEqualTo(first.fencingToken());
    assertThat(recorded.releasedAt())
        .isBetween(
            first.expiresAt().minus(TTL).minusSeconds(5),
            first.expiresAt().minus(TTL).plusSeconds(5));

    String next = owner();
    Lease second = store.acquireFirst(List.of(id), next, TTL).orElseThrow();
    assertThat(store.lastRelease(id).orElseThrow().fencingToken()).isEqualTo(first.fencingToken());
    store.release(id, next);
    assertThat(store.lastRelease(id).orElseThrow().fencingToken()).isEqualTo(second.fencingToken());
  }

  @Test
  void onlyAReleaseByTheOwnerIsRecorded() {
    List<String> ids = sandboxes(2);
    store.acquireFirst(List.of(ids.get(0)), owner(), TTL).orElseThrow();
    Lease expiring = store.acquireFirst(List.of(ids.get(1)), owner(), shortTtl()).orElseThrow();

    assertThat(store.release(ids.get(0), owner())).isFalse();
    expire(expiring);

    assertThat(store.lastRelease(ids.get(0))).isEmpty();
    assertThat(store.lastRelease(ids.get(1))).as("an expired lease was not released").isEmpty();
    assertThat(store.lastRelease(sandboxes(3).get(2))).isEmpty();
  }

  @Test
  void ownerContainingTheSeparatorIsNotConfusedWithAnother() {
    List<String> ids = sandboxes(1);
    Lease lease = store.acquireFirst(ids, "a|1", TTL).orElseThrow();

    assertThat(store.release(ids.get(0), "a")).isFalse();
    assertThat(store.renew(ids.get(0), "a", TTL)).isEmpty();
    assertThat(store.acquireFirst(ids, "a", TTL)).isEmpty();
    assertHeld(ids.get(0), lease);
  }

  @Test
  void expiryFreesTheSandbox() {
    String id = sandboxes(1).get(0);
    String owner = owner();
    Lease lease = store.acquireFirst(List.of(id), owner, shortTtl()).orElseThrow();

    expire(lease);

    assertThat(store.get(id)).isEmpty();
    assertThat(store.renew(id, owner, TTL)).isEmpty();
    assertThat(store.release(id, owner)).isFalse();
    Lease next = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();
    assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
  }

  @Test
  void fencingTokensStrictlyIncreaseAcrossSandboxesAndClaims() {
    List<String> ids = sandboxes(4);
    List<Long> tokens = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      String owner = owner();
      Lease lease = store.acquireFirst(ids, owner, TTL).orElseThrow();
      tokens.add(lease.fencingToken());
      // Keeps some leases (rounds 0, 3, 6, 9) so that tokens also come from other sandboxes.
      if (round % 3 != 0) {
        store.release(lease.sandboxId(), owner);
      }
    }

    assertThat(tokens).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    assertThat(tokens.get(0)).isPositive();
  }

  @Test
  void rejectsInvalidArgumentsNamingThem() {
    String id = sandboxes(1).get(0);

    assertThatThrownBy(() -> store.acquireFirst(List.of(), owner(), TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("candidateIds:");
    assertThatThrownBy(() -> store.acquireFirst(List.of(id), " ", TTL))
        .hasMessageStartingWith("owner:");
    assertThatThrownBy(() -> store.acquireFirst(List.of(id), owner(), Duration.ZERO))
        .hasMessage("ttl: PT0S (expected: > 0)");
    assertThatThrownBy(() -> store.renew(id, owner(), Duration.ofSeconds(-5)))
        .hasMessage("ttl: PT-5S (expected: > 0)");
    assertThatThrownBy(() -> store.release("", owner())).hasMessageStartingWith("sandboxId:");
    assertThatThrownBy(() -> store.get(null)).hasMessageStartingWith("sandboxId:");
    assertThat(store.get(id)).isEmpty();
  }

  @Test
  void closedStoreIsUnavailable() {
    store.close();

    assertThatThrownBy(() -> store.get(sandboxes(1).get(0)))
        .isInstanceOf(LeaseStoreUnavailableException.class);
  }

  @Test
  void neverGrantsOneSandboxToTwoLiveHoldersUnderContention() throws Exception {
    ExclusivityCheck.Report report =
        ExclusivityCheck.run(store, sandboxes(10), 16, concurrencyRounds());

    assertThat(report.overlaps()).isZero();
    assertThat(report.refusedReleases()).isZero();
    assertThat(report.acquisitions()).isPositive();
    assertThat(report.distinctTokens()).isEqualTo(report.acquisitions());
  }
}
