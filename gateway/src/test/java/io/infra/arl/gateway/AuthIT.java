package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.GetSandboxRequest;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.SandboxRef;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys map to tenants and their pools; a sandbox is driven only with its lease token. */
class AuthIT {
  private static GatewayHarness gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway =
        GatewayHarness.start(
            1,
            Map.of(
                "arl.gateway.auth.enabled", "true",
                "arl.pools.other.replicas", "1",
                "arl.gateway.auth.tenants.team-a.api-keys", "key-a",
                "arl.gateway.auth.tenants.team-a.pools", "default",
                "arl.gateway.auth.tenants.team-b.api-keys", "key-b",
                "arl.gateway.auth.tenants.team-b.pools", "other"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void callsWithoutAValidKeyAreUnauthenticated() {
    BadRequestsIT.assertStatus(
        () -> gateway.claim("default"), Status.Code.UNAUTHENTICATED, "authorization: Bearer");
    BadRequestsIT.assertStatus(
        () -> gateway.blocking("wrong").listPools(ListPoolsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "");
  }

  @Test
  void tenantsUseOnlyTheirPools() {
    BadRequestsIT.assertStatus(
        () -> gateway.blocking("key-b").claim(claim("default")),
        Status.Code.PERMISSION_DENIED,
        "team-b");
    assertThat(
            gateway
                .blocking("key-a")
                .listPools(ListPoolsRequest.getDefaultInstance())
                .getPoolsList())
        .extracting(p -> p.getName())
        .containsExactly("default");
  }

  @Test
  void sameTenantWithoutTheLeaseTokenCannotDriveTheSandbox() {
    ClaimResponse mine = gateway.blocking("key-a").claim(claim("default"));
    SandboxRef guessed = ref(mine).toBuilder().setLeaseToken("guess").build();
    BadRequestsIT.assertStatus(
        () ->
            gateway
                .blocking("key-a")
                .getSandbox(GetSandboxRequest.newBuilder().setSandbox(guessed).build()),
        Status.Code.PERMISSION_DENIED,
        "");
    gateway.blocking("key-a").release(ReleaseRequest.newBuilder().setSandbox(ref(mine)).build());
  }

  @Test
  void healthNeedsNoKey() {
    var health = HealthGrpc.newBlockingStub(gateway.blocking().getChannel());
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name())
        .isEqualTo("SERVING");
  }

  private static ClaimRequest claim(String pool) {
    return ClaimRequest.newBuilder().setSpec(ClaimSpec.newBuilder().setPool(pool)).build();
  }
}
