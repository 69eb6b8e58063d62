package io.infra.arl.gateway.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.pool.TestSandboxPool;
import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.Release;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The line of claims of one pool, on the real in-memory lease store: claims that found the pool
 * empty are served in batches once sandboxes turn ready, each sandbox to one claim only, and a
 * claim left unserved fails with EXHAUSTED at its deadline.
 */
class ClaimQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InMemoryLeaseStore leases = new InMemoryLeaseStore(Clock.systemUTC());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final TestSandboxPool pool = new TestSandboxPool("test");
  private int created;
  private final ClaimQueue queue = new ClaimQueue(pool, leases, Duration.ofMinutes(1), timer);

  @AfterEach
  void stop() {
    timer.shutdownNow();
    leases.close();
  }

  @Test
  void aLineLongerThanABatchIsServedOnceSandboxesTurnReady() {
    List<CompletableFuture<WonSandbox>> claims = claims(40);
    assertThat(queue.waiting()).isEqualTo(40);

    offer(40); // all at once: batch peers race for the same candidates

    Set<String> won = new HashSet<>();
    claims.forEach(claim -> assertThat(won.add(claim.join().target().id())).isTrue());
    assertThat(won).hasSize(40);
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void sandboxesTurningReadyOneByOneServeTheLineAndTheRestWaits() {
    List<CompletableFuture<WonSandbox>> claims = claims(20);

    offer(5); // served at once, on this thread, to five of the first batch

    assertThat(claims).filteredOn(CompletableFuture::isDone).hasSize(5);
    assertThat(claims.subList(16, 20))
        .as("behind the first batch")
        .noneMatch(CompletableFuture::isDone);
    assertThat(queue.waiting()).isEqualTo(15);
    offer(15);
    assertThat(claims).allSatisfy(claim -> assertThat(claim.join()).isNotNull());
  }

  @Test
  void aClaimWhoseDeadlinePassesWhileItIsTriedFailsWhenItComesBackUnserved() {
    SandboxTarget sandbox = SandboxTarget.inProcess("test.held", "test");
    leases.acquireFirst(List.of(sandbox.id()), "someone-else", Duration.ofMinutes(1)).orElseThrow();
    SlowLeases slow = new SlowLeases(leases, Duration.ofMillis(300));
    ClaimQueue slowQueue = new ClaimQueue(pool, slow, Duration.ofMinutes(1), timer);
    CompletableFuture<WonSandbox> late = slowQueue.acquire("late", Duration.ofMillis(100));
    CompletableFuture<WonSandbox> patient = slowQueue.acquire("patient", WAIT);

    pool.offer(sandbox); // offered, but leased elsewhere: every try takes 300 ms and wins nothing

    assertThatThrownBy(late::join)
        .cause()
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.failure()).isEqualTo(Failure.EXHAUSTED));
    assertThat(patient).isNotDone();
    assertThat(slowQueue.waiting()).isOne();
    assertThat(leases.get(sandbox.id()).orElseThrow().owner()).isEqualTo("someone-else");
  }

  @Test
  void aLineWhoseCandidatesAreLeasedElsewhereTriesAgainWithoutAReadyEvent() {
    SandboxTarget sandbox = SandboxTarget.inProcess("test.busy", "test");
    leases
        .acquireFirst(List.of(sandbox.id()), "other-gateway", Duration.ofMinutes(1))
        .orElseThrow();
    pool.offer(sandbox); // ready in this gateway's view, leased by another gateway
    CompletableFuture<WonSandbox> claim = queue.acquire("waiting", WAIT);
    assertThat(claim).isNotDone();

    leases.release(sandbox.id(), "other-gateway"); // handed back: no event reaches this pool

    assertThat(claim.join().target().id()).isEqualTo(sandbox.id());
  }

  @Test
  void aClaimNobodyServesFailsWithExhaustedAtItsDeadline() {
    CompletableFuture<WonSandbox> claim = queue.acquire("late", Duration.ofMillis(200));

    assertThatThrownBy(claim::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.failure()).isEqualTo(Failure.EXHAUSTED))
        .hasMessageContaining("within 200 ms");
    assertThat(queue.waiting()).isZero();
  }

  private void offer(int count) {
    SandboxTarget[] sandboxes = new SandboxTarget[count];
    for (int i = 0; i < count; i++) {
      sandboxes[i] = SandboxTarget.inProcess("test.sb-" + created++, "test");
    }
    pool.offer(sandboxes);
  }

  private List<CompletableFuture<WonSandbox>> claims(int count) {
    List<CompletableFuture<WonSandbox>> claims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      claims.add(queue.acquire("owner-" + i, WAIT));
    }
    return claims;
  }

  /** The real store, answering acquisitions only after {@code delay} (a loaded Redis). */
  private record SlowLeases(LeaseStore store, Duration delay) implements LeaseStore {
    @Override
    public Optional<Lease> acquireFirst(List<String> candidateIds, String owner, Duration ttl) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return store.acquireFirst(candidateIds, owner, ttl);
    }

    @Override
    public Optional<Lease> renew(String sandboxId, String owner, Duration ttl) {
      return store.renew(sandboxId, owner, ttl);
    }

    @Override
    public Optional<Lease> renewOrRestore(Lease lease, Duration ttl) {
      return store.renewOrRestore(lease, ttl);
    }

    @Override
    public boolean release(String sandboxId, String owner) {
      return store.release(sandboxId, owner);
    }

    @Override
    public Optional<Release> lastRelease(String sandboxId) {
      return store.lastRelease(sandboxId);
    }

    @Override
    public Optional<Lease> get(String sandboxId) {
      return store.get(sandboxId);
    }

    @Override
    public void close() {}
  }
}
