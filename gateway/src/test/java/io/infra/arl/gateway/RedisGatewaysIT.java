package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.testing.redis.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateways sharing one real redis-server: shared fencing, separate sandboxes, lease expiry. */
class RedisGatewaysIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private Map<String, Object> props(String instance) {
    return Map.of(
        "arl.redis.uri",
        REDIS.uri(),
        "arl.gateway.instance-id",
        instance,
        "arl.gateway.lease-ttl",
        "2s",
        "arl.gateway.reap-interval",
        "200ms");
  }

  @Test
  void twoGatewaysShareFencingAndNeverHandOutTheSameSandbox() throws Exception {
    try (GatewayHarness a = GatewayHarness.start(3, props("a"));
        GatewayHarness b = GatewayHarness.start(3, props("b"));
        RedisClient client = RedisClient.create(REDIS.uri());
        StatefulRedisConnection<String, String> redis = client.connect()) {
      List<ClaimResponse> claims = new ArrayList<>();
      long lastToken = 0;
      for (int i = 0; i < 6; i++) {
        ClaimResponse claim = (i % 2 == 0 ? a : b).claim("default");
        assertThat(claim.getSandbox().getFencingToken())
            .as("tokens only grow, across gateways")
            .isGreaterThan(lastToken);
        lastToken = claim.getSandbox().getFencingToken();
        claims.add(claim);
      }
      Set<String> ids = new HashSet<>();
      claims.forEach(c -> ids.add(c.getSandbox().getId()));
      assertThat(ids).hasSize(6);
      for (ClaimResponse claim : claims) {
        assertThat(redis.sync().get("arl:lease:" + claim.getSandbox().getId()))
            .as("the lease in Redis names its holder")
            .contains(claim.getLeaseToken());
      }
      // A sandbox held through gateway a is not reachable through gateway b's registry.
      BadRequestsIT.assertStatus(
          () ->
              b.blocking()
                  .getSandbox(
                      io.infra.arl.api.gateway.v1.GetSandboxRequest.newBuilder()
                          .setSandbox(ref(claims.get(0)))
                          .build()),
          Status.Code.NOT_FOUND,
          "");
      for (int i = 0; i < claims.size(); i++) {
        (i % 2 == 0 ? a : b).release(claims.get(i));
        String key = "arl:lease:" + claims.get(i).getSandbox().getId();
        // Deleted once the sandbox is reset (release policy Reset), shortly after the answer.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(redis.sync().exists(key)).isZero());
      }
    }
  }

  @Test
  void leasesOfAGatewayThatDiesExpireInRedis() throws Exception {
    try (RedisClient client = RedisClient.create(REDIS.uri());
        StatefulRedisConnection<String, String> redis = client.connect()) {
      String key;
      GatewayHarness doomed = GatewayHarness.start(1, props("doomed"));
      ClaimResponse claim = doomed.claim("default");
      key = "arl:lease:" + claim.getSandbox().getId();
      // Renewed while the gateway lives, past several lease TTLs.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> redis.sync().exists(key) == 1);
      doomed.close(); // stops renewing without releasing, as a crash would
      await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().exists(key) == 0);
    }
  }

  @Test
  void heldSandboxesSurviveAnEmptyRedisRestartAndAreNeverHandedOutAgain() throws Exception {
    try (GatewayHarness gateway = GatewayHarness.start(2, props("r"));
        RedisClient client = RedisClient.create(REDIS.uri())) {
      ClaimResponse held = gateway.claim("default");
      String key = "arl:lease:" + held.getSandbox().getId();
      REDIS.restart(); // empty: every lease and the fencing counter are gone
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(redis.sync().get(key))
                        .as("the holder restored its lease")
                        .isEqualTo(
                            held.getLeaseToken() + "|" + held.getSandbox().getFencingToken()));
      }
      assertThat(gateway.execOut(held, "echo still-mine")).isEqualTo("still-mine\n");
      ClaimResponse next = gateway.claim("default");
      assertThat(next.getSandbox().getId()).isNotEqualTo(held.getSandbox().getId());
      assertThat(next.getSandbox().getFencingToken())
          .isGreaterThan(held.getSandbox().getFencingToken());
    }
  }

  @Test
  void claimsFailFastWithUnavailableWhileRedisIsDownAndWorkWhenItReturns() throws Exception {
    try (GatewayHarness gateway = GatewayHarness.start(1, props("c"))) {
      REDIS.stop();
      try {
        long started = System.nanoTime();
        BadRequestsIT.assertStatus(
            () -> gateway.claim("default"), Status.Code.UNAVAILABLE, "lease store");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      } finally {
        REDIS.start();
      }
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  gateway
                      .blocking()
                      .release(
                          ReleaseRequest.newBuilder()
                              .setSandbox(ref(gateway.claim("default")))
                              .build()));
    }
  }
}
