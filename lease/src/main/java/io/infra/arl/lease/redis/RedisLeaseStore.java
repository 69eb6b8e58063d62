package io.infra.arl.lease.redis;

import io.infra.arl.lease.Lease;
import io.infra.arl.lease.LeaseArguments;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import io.infra.arl.lease.Release;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeaseStore} in Redis: each operation is one EVALSHA of a Lua script, so it is atomic and
 * costs one round trip.
 *
 * <p>Layout: the lease on sandbox {@code s} is the string key {@code <prefix>lease:<s>} holding
 * {@code <owner>|<fencing token>} with a PX expiry; fencing tokens come from the counter {@code
 * <prefix>fencing-token} (see docs/adr/0007); the last release of {@code s} is {@code
 * <prefix>released:<s>} holding {@code <released token>|<kept ms>}, kept {@link
 * LeaseStore#RELEASE_RECORD_TTL}. All callers share one connection: Lettuce is thread safe and
 * pipelines concurrent commands. A store built on a given client owns the connection, not the
 * client: close the store, then shut the client down. {@link #open} builds a store that owns its
 * client.
 *
 * <p>Build the client with {@link #clientOptions(Duration)} so that calls fail at once while Redis
 * is down instead of queueing until it returns. Every call waits at most the command timeout, then
 * throws {@link LeaseStoreUnavailableException}. A store that owns its client ({@link #open})
 * leaves the timing to Lettuce, whose timer wheel ticks every 100 ms: its calls fail up to about
 * that much after the timeout. A store on a caller's client times its own waits.
 */
public final class RedisLeaseStore implements LeaseStore {

  /** Key prefix when none is given. Use a hash tag such as {@code "{arl}:"} on Redis Cluster. */
  public static final String DEFAULT_KEY_PREFIX = "arl:";

  /** How long a call waits for Redis when no timeout is given. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private static final ScriptOutputType MULTI = ScriptOutputType.MULTI;

  private static final Logger LOG = LoggerFactory.getLogger(RedisLeaseStore.class);

  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final String keyPrefix;
  private final String leaseKeyPrefix;
  private final String releaseKeyPrefix;
  private final String counterKey;
  private final Duration commandTimeout;
  // How long a call waits for its future: 0 (untimed) when Lettuce times the command out itself.
  private final long waitNanos;
  private final Clock clock;
  private final RedisClient ownedClient;
  private volatile boolean closed;

  /** Connects with the default key prefix and command timeout. */
  public RedisLeaseStore(RedisClient client, Clock clock) {
    this(client, DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT, clock);
  }

  /**
   * Opens one connection on {@code client} and loads the lease scripts (SCRIPT LOAD).
   *
   * @param keyPrefix prepended to every key this store touches
   * @param commandTimeout the longest any call waits for Redis
   * @param clock computes {@link Lease#expiresAt()} from the remaining time Redis reports
   * @throws LeaseStoreUnavailableException if Redis cannot be reached
   */
  public RedisLeaseStore(
      RedisClient client, String keyPrefix, Duration commandTimeout, Clock clock) {
    this(client, keyPrefix, commandTimeout, clock, false);
  }

  private RedisLeaseStore(
      RedisClient client,
      String keyPrefix,
      Duration commandTimeout,
      Clock clock,
      boolean ownsClient) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout: " + commandTimeout + " (expected: > 0)");
    }
    this.keyPrefix = keyPrefix;
    this.leaseKeyPrefix = keyPrefix + "lease:";
    this.releaseKeyPrefix = keyPrefix + "released:";
    this.counterKey = keyPrefix + "fencing-token";
    this.commandTimeout = commandTimeout;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ownedClient = ownsClient ? client : null;
    this.connection = connect(client);
    // A store that owns its client built it with clientOptions(commandTimeout): Lettuce times
    // every command out on its timer wheel, so a call waits for its answer without a timer of its
    // own. A timed wait on a virtual thread arms and cancels a JDK timer per call and wakes the
    // timer's thread to do so: twice per claim and release.
    this.waitNanos = ownsClient ? 0 : commandTimeout.toNanos();
    this.redis = connection.async();
    loadScripts();
  }

  /**
   * Opens a store on a client of its own, built with {@link #clientOptions(Duration)}; closing the
   * store shuts that client down too.
   *
   * @param redisUri e.g. {@code redis://localhost:6379}
   * @throws LeaseStoreUnavailableException if Redis cannot be reached
   */
  public static RedisLeaseStore open(
      String redisUri, String keyPrefix, Duration commandTimeout, Clock clock) {
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(clientOptions(commandTimeout));
    try {
      return new RedisLeaseStore(client, keyPrefix, commandTimeout, clock, true);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw e;
    }
  }

  /**
   * Client options that suit a lease store: commands are rejected at once while disconnected (the
   * client keeps reconnecting in the background) and time out after {@code commandTimeout}.
   */
  public static ClientOptions clientOptions(Duration commandTimeout) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(
            SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
        .build();
  }

  @Override
  public Optional<Lease> acquireFirst(List<String> candidateIds, String owner, Duration ttl) {
    LeaseArguments.requireCandidates(candidateIds);
    LeaseArguments.requireOwner(owner);
    long ttlMillis = LeaseArguments.requireTtl(ttl).toMillis();
    String[] keys = new String[candidateIds.size() + 1];
    keys[0] = counterKey;
    for (int i = 0; i < candidateIds.size(); i++) {
      keys[i + 1] = leaseKeyPrefix + candidateIds.get(i);
    }
    Instant sent = clock.instant();
    List<Object> reply =
        call("acquire", LeaseScript.ACQUIRE, MULTI, keys, owner, Long.toString(ttlMillis));
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    String sandboxId = candidateIds.get(Math.toIntExact((Long) reply.get(0)) - 1);
    long token = Long.parseLong((String) reply.get(1));
    return Optional.of(new Lease(sandboxId, owner, token, sent.plusMillis((Long) reply.get(2))));
  }

  @Override
  public Optional<Lease> renew(String sandboxId, String owner, Duration ttl) {
    LeaseArguments.requireSandboxId(sandboxId);
    LeaseArguments.requireOwner(owner);
    long ttlMillis = LeaseArguments.requireTtl(ttl).toMillis();
    Instant sent = clock.instant();
    List<Object> reply =
        call(
            "renew",
            LeaseScript.RENEW,
            MULTI,
            new String[] {leaseKeyPrefix + sandboxId},
            owner,
            Long.toString(ttlMillis));
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    long token = Long.parseLong((String) reply.get(0));
    return Optional.of(new Lease(sandboxId, owner, token, sent.plusMillis(ttlMillis)));
  }

  @Override
  public Optional<Lease> renewOrRestore(Lease lease, Duration ttl) {
    LeaseArguments.requireSandboxId(lease.sandboxId());
    LeaseArguments.requireOwner(lease.owner());
    long ttlMillis = LeaseArguments.requireTtl(ttl).toMillis();
    Instant sent = clock.instant();
    List<Object> reply =
        call(
            "renew-or-restore",
            LeaseScript.RESTORE,
            MULTI,
            new String[] {leaseKeyPrefix + lease.sandboxId(), counterKey},
            lease.owner(),
            Long.toString(ttlMillis),
            Long.toString(lease.fencingToken()));
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    long token = Long.parseLong((String) reply.get(0));
    return Optional.of(
        new Lease(lease.sandboxId(), lease.owner(), token, sent.plusMillis(ttlMillis)));
  }

  @Override
  public boolean release(String sandboxId, String owner) {
    LeaseArguments.requireSandboxId(sandboxId);
    LeaseArguments.requireOwner(owner);
    Long deleted =
        call(
            "release",
            LeaseScript.RELEASE,
            ScriptOutputType.INTEGER,
            new String[] {leaseKeyPrefix + sandboxId, releaseKeyPrefix + sandboxId},
            owner,
            Long.toString(RELEASE_RECORD_TTL.toMillis()));
    return deleted == 1L;
  }

  @Override
  public Optional<Release> lastRelease(String sandboxId) {
    LeaseArguments.requireSandboxId(sandboxId);
    Instant sent = clock.instant();
    List<Object> reply =
        call("last-release", LeaseScript.GET, MULTI, new String[] {releaseKeyPrefix + sandboxId});
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = ((String) reply.get(0)).split("\\|", -1);
    if (parts.length != 2 || !isDigits(parts[0]) || !isDigits(parts[1])) {
      return Optional.empty(); // not written by release.lua: no evidence of a release
    }
    long token = Long.parseLong(parts[0]);
    long keptMillis = Long.parseLong(parts[1]);
    long remainingMillis = (Long) reply.get(1);
    // What has run out of the time the record was written with is its age.
    Instant releasedAt = sent.minusMillis(Math.max(0, keptMillis - remainingMillis));
    return Optional.of(new Release(sandboxId, token, releasedAt));
  }

  @Override
  public Optional<Lease> get(String sandboxId) {
    LeaseArguments.requireSandboxId(sandboxId);
    Instant sent = clock.instant();
    List<Object> reply =
        call("get", LeaseScript.GET, MULTI, new String[] {leaseKeyPrefix + sandboxId});
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    String value = (String) reply.get(0);
    long remainingMillis = (Long) reply.get(1);
    int separator = value.lastIndexOf('|');
    String owner = value.substring(0, separator);
    long token = Long.parseLong(value.substring(separator + 1));
    // PTTL -1 means a key without expiry, which only a hand-written key can be: treat as endless.
    Instant expiresAt = remainingMillis < 0 ? Instant.MAX : sent.plusMillis(remainingMillis);
    return Optional.of(new Lease(sandboxId, owner, token, expiresAt));
  }

  private static boolean isDigits(String value) {
    return !value.isEmpty()
        && value.length() <= 18
        && value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  @Override
  public void close() {
    closed = true;
    connection.close();
    if (ownedClient != null) {
      ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private StatefulRedisConnection<String, String> connect(RedisClient client) {
    try {
      return client.connect(StringCodec.UTF8);
    } catch (RedisException e) {
      throw new LeaseStoreUnavailableException(
          "Lease store unavailable: could not connect to Redis: " + e.getMessage(), e);
    }
  }

  private void loadScripts() {
    LeaseScript[] scripts = LeaseScript.values();
    try {
      // Pipelined: the four loads cost one round trip at startup.
      List<RedisFuture<String>> loads =
          Arrays.stream(scripts).map(script -> redis.scriptLoad(script.body())).toList();
      for (int i = 0; i < scripts.length; i++) {
        String sha = await(loads.get(i));
        if (!scripts[i].sha().equals(sha)) {
          throw new IllegalStateException(
              "Redis cached "
                  + scripts[i].fileName()
                  + " as "
                  + sha
                  + ", expected "
                  + scripts[i].sha());
        }
      }
    } catch (RuntimeException e) {
      connection.close();
      throw e instanceof RedisException redisException
          ? unavailable("script load", redisException)
          : e;
    }
    LOG.info("Loaded lease scripts count={} keyPrefix={}", scripts.length, keyPrefix);
  }

  private <T> T call(
      String operation, LeaseScript script, ScriptOutputType type, String[] keys, String... args) {
    if (closed) {
      throw new LeaseStoreUnavailableException("Lease store unavailable: it was closed");
    }
    try {
      try {
        return await(redis.<T>evalsha(script.sha(), type, keys, args));
      } catch (RedisNoScriptException e) {
        // Redis restarted empty (or its script cache was flushed). The script did not run, so
        // running it again is safe; EVAL also puts it back in the cache for the next EVALSHA.
        LOG.info("Reloaded lease script script={} reason=NOSCRIPT", script.fileName());
        return await(redis.<T>eval(script.body(), type, keys, args));
      }
    } catch (RedisException e) {
      throw unavailable(operation, e);
    }
  }

  private <T> T await(RedisFuture<T> future) {
    // A timed wait cancels the command on timeout so that a command still queued is never sent
    // later; Lettuce's own command timeout does the same (a completed command is not written).
    return LettuceFutures.awaitOrCancel(future, waitNanos, TimeUnit.NANOSECONDS);
  }

  private LeaseStoreUnavailableException unavailable(String operation, RedisException cause) {
    return new LeaseStoreUnavailableException(
        "Lease store unavailable: Redis failed "
            + operation
            + " (command timeout "
            + commandTimeout
            + "): "
            + cause.getMessage(),
        cause);
  }
}
