package io.infra.arl.lease.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreContract;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import io.infra.arl.testing.redis.RedisMonitor;
import io.infra.arl.testing.redis.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisLeaseStoreIT extends LeaseStoreContract {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> inspector;

  @BeforeAll
  static void connect() {
    client = RedisClient.create(REDIS.uri());
    client.setOptions(RedisLeaseStore.clientOptions(COMMAND_TIMEOUT));
    inspector = client.connect();
  }

  @AfterAll
  static void disconnect() {
    inspector.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected LeaseStore createStore() {
    return new RedisLeaseStore(client, "arl:", COMMAND_TIMEOUT, Clock.systemUTC());
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofMillis(150);
  }

  @Override
  protected void expire(Lease lease) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> store.get(lease.sandboxId()).isEmpty());
  }

  @Override
  protected int concurrencyRounds() {
    return 100;
  }

  @Test
  void everyOperationIsOneRoundTrip() {
    List<String> ids = sandboxes(10);
    try (RedisMonitor monitor = REDIS.monitor()) {
      monitor.drainClientCommands();

      for (int i = 0; i < 5; i++) {
        store.acquireFirst(ids, owner(), TTL).orElseThrow();
      }
      String owner = owner();
      store.acquireFirst(ids, owner, TTL).orElseThrow();
      store.renew(ids.get(5), owner, TTL).orElseThrow();
      store.get(ids.get(5)).orElseThrow();
      store.release(ids.get(5), owner);

      assertThat(monitor.drainClientCommands()).isEqualTo(Collections.nCopies(9, "evalsha"));
    }
  }

  @Test
  void storesOwnerAndTokenUnderThePrefixedKeyWithExpiry() {
    String id = sandboxes(1).get(0);
    try (LeaseStore prefixed =
        new RedisLeaseStore(client, "{t}:", COMMAND_TIMEOUT, Clock.systemUTC())) {
      Lease lease = prefixed.acquireFirst(List.of(id), "owner-1", TTL).orElseThrow();

      assertThat(inspector.sync().get("{t}:lease:" + id))
          .isEqualTo("owner-1|" + lease.fencingToken());
      assertThat(inspector.sync().pttl("{t}:lease:" + id)).isBetween(1L, TTL.toMillis());
      assertThat(inspector.sync().get("{t}:fencing-token"))
          .isEqualTo(Long.toString(lease.fencingToken()));
      assertThat(store.get(id)).isEmpty();
    }
  }

  @Test
  void recordsAReleaseUnderThePrefixedKeyForALimitedTime() {
    String id = sandboxes(1).get(0);
    try (LeaseStore prefixed =
        new RedisLeaseStore(client, "{t}:", COMMAND_TIMEOUT, Clock.systemUTC())) {
      Lease lease = prefixed.acquireFirst(List.of(id), "owner-1", TTL).orElseThrow();
      prefixed.release(id, "owner-1");

      assertThat(inspector.sync().get("{t}:released:" + id))
          .isEqualTo(lease.fencingToken() + "|" + LeaseStore.RELEASE_RECORD_TTL.toMillis());
      assertThat(inspector.sync().pttl("{t}:released:" + id))
          .isBetween(
              LeaseStore.RELEASE_RECORD_TTL.minusSeconds(5).toMillis(),
              LeaseStore.RELEASE_RECORD_TTL.toMillis());
      assertThat(store.lastRelease(id)).isEmpty();
      inspector.sync().set("{t}:released:" + id, "not-a-token");
      assertThat(prefixed.lastRelease(id)).as("a record release.lua did not write").isEmpty();
    }
  }

  @Test
  void fencingTokensDoNotGoBackWhenRedisRestartsEmpty() {
    String id = sandboxes(1).get(0);
    Lease before = store.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    REDIS.restart();

    Lease after = awaitAcquired(List.of(id));
    assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
  }

  @Test
  void aLiveHolderRestoresItsLeaseAfterRedisRestartsEmpty() {
    List<String> ids = sandboxes(2);
    Lease held = store.acquireFirst(ids.subList(0, 1), owner(), TTL).orElseThrow();

    REDIS.restart();

    Lease restored =
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(() -> store.renewOrRestore(held, TTL), r -> true)
            .orElseThrow();
    assertThat(restored.fencingToken()).isEqualTo(held.fencingToken());
    assertThat(store.acquireFirst(ids.subList(0, 1), owner(), TTL)).isEmpty();
    Lease next = store.acquireFirst(ids.subList(1, 2), owner(), TTL).orElseThrow();
    assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
  }

  @Test
  void reloadsScriptsWhenRedisForgetsThem() {
    inspector.sync().scriptFlush();

    assertThat(store.acquireFirst(sandboxes(1), owner(), TTL)).isPresent();
    assertThat(inspector.sync().scriptExists(LeaseScript.ACQUIRE.sha())).containsExactly(true);
  }

  @Test
  void unreachableRedisFailsFastWithUnavailableThenRecovers() {
    List<String> ids = sandboxes(1);
    REDIS.stop();

    assertTimeoutPreemptively(
        COMMAND_TIMEOUT.multipliedBy(5),
        () ->
            assertThatThrownBy(() -> store.acquireFirst(ids, owner(), TTL))
                .isInstanceOf(LeaseStoreUnavailableException.class)
                .hasMessageStartingWith("Lease store unavailable: Redis failed acquire"));

    REDIS.start();
    assertThat(awaitAcquired(ids).sandboxId()).isEqualTo(ids.get(0));
  }

  @Test
  void aStalledRedisFailsACallOfAStoreOwningItsClientWithinTheCommandTimeout() {
    // Lettuce times the command out: the call waits without a timer of its own.
    try (LeaseStore owning =
        RedisLeaseStore.open(REDIS.uri(), "arl:", COMMAND_TIMEOUT, Clock.systemUTC())) {
      assertStalledCallFailsInTime(owning);
    }
  }

  @Test
  void aStalledRedisFailsACallOnAClientWithoutTimeoutsWithinTheCommandTimeout() {
    RedisClient plain = RedisClient.create(REDIS.uri());
    try (LeaseStore timedByTheStore =
        new RedisLeaseStore(plain, "arl:", COMMAND_TIMEOUT, Clock.systemUTC())) {
      assertStalledCallFailsInTime(timedByTheStore);
    } finally {
      plain.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Redis keeps the connection but answers nothing (CLIENT PAUSE) for longer than the timeout. */
  private void assertStalledCallFailsInTime(LeaseStore stalled) {
    List<String> ids = sandboxes(1);
    Duration pause = COMMAND_TIMEOUT.multipliedBy(4);
    inspector.sync().clientPause(pause.toMillis());
    try {
      long started = System.nanoTime();
      assertThatThrownBy(() -> stalled.acquireFirst(ids, owner(), TTL))
          .isInstanceOf(LeaseStoreUnavailableException.class)
          .hasMessageContaining("timed out");
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      assertThat(waited).isBetween(COMMAND_TIMEOUT.minusMillis(100), pause.minusSeconds(1));
    } finally {
      // The paused command still runs once the pause ends: its outcome is unknown to the caller,
      // as with any timeout. Only wait for Redis to answer again.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .ignoreException(LeaseStoreUnavailableException.class)
          .until(
              () -> {
                stalled.get(ids.get(0));
                return true;
              });
    }
  }

  @Test
  void storeCannotOpenWithoutRedis() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RedisClient nowhere = RedisClient.create("redis://127.0.0.1:" + closedPort);
    nowhere.setOptions(RedisLeaseStore.clientOptions(COMMAND_TIMEOUT));
    try {
      assertThatThrownBy(() -> new RedisLeaseStore(nowhere, Clock.systemUTC()))
          .isInstanceOf(LeaseStoreUnavailableException.class)
          .hasMessageContaining("could not connect to Redis");
    } finally {
      nowhere.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void openedStoreOwnsItsClient() {
    String id = sandboxes(1).get(0);
    LeaseStore opened =
        RedisLeaseStore.open(REDIS.uri(), "arl:", COMMAND_TIMEOUT, Clock.systemUTC());
    Lease lease = opened.acquireFirst(List.of(id), owner(), TTL).orElseThrow();

    opened.close();

    assertThatThrownBy(() -> opened.get(id)).isInstanceOf(LeaseStoreUnavailableException.class);
    assertHeld(id, lease);
  }

  private Lease awaitAcquired(List<String> ids) {
    String owner = owner();
    // The client reconnects in the background; until then calls fail as unavailable.
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .ignoreException(LeaseStoreUnavailableException.class)
        .until(() -> store.acquireFirst(ids, owner, TTL), lease -> lease.isPresent())
        .orElseThrow();
  }
}
