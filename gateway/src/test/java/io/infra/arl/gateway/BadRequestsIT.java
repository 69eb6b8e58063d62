package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.GetSandboxRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad request gets a precise status and changes nothing. */
class BadRequestsIT {
  private static GatewayHarness gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayHarness.start(1, Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void unknownPoolIsNotFoundAndNamesTheKnownPools() {
    assertStatus(
        () -> gateway.claim("nope"),
        Status.Code.NOT_FOUND,
        "pool \"nope\" not found (known pools: default)");
  }

  @Test
  void negativeTtlIsInvalidAndNamesTheField() {
    assertStatus(
        () ->
            gateway
                .blocking()
                .claim(
                    ClaimRequest.newBuilder()
                        .setSpec(ClaimSpec.newBuilder().setPool("default").setTtlSeconds(-5))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "spec.ttlSeconds: -5 (expected: 0..604800, 0 = default)");
  }

  @Test
  void missingEmptyOrWrongTokensAreRefused() {
    ClaimResponse claim = gateway.claim("default");
    SandboxRef noToken = SandboxRef.newBuilder().setId(claim.getSandbox().getId()).build();
    assertStatus(() -> get(noToken), Status.Code.INVALID_ARGUMENT, "sandbox.leaseToken");
    SandboxRef wrong = ref(claim).toBuilder().setLeaseToken("not-the-token").build();
    assertStatus(() -> get(wrong), Status.Code.PERMISSION_DENIED, "lease token does not match");
    SandboxRef unknown = ref(claim).toBuilder().setId("default-x-y").build();
    assertStatus(() -> get(unknown), Status.Code.NOT_FOUND, "default-x-y");
    // None of that touched the real holder's sandbox.
    assertThat(get(ref(claim)).getSandbox().getId()).isEqualTo(claim.getSandbox().getId());
    gateway.release(claim);
  }

  @Test
  void execOnAReleasedSandboxIsNotFound() {
    ClaimResponse claim = gateway.claim("default");
    gateway.release(claim);
    assertStatus(
        () -> gateway.exec(claim, ExecStart.newBuilder().setCommand("true")).hasNext(),
        Status.Code.NOT_FOUND,
        "released");
    assertStatus(
        () ->
            gateway.blocking().release(ReleaseRequest.newBuilder().setSandbox(ref(claim)).build()),
        Status.Code.NOT_FOUND,
        "released");
  }

  @Test
  void oversizeMessageIsRefused() {
    ClaimResponse claim = gateway.claim("default");
    ByteString seventeenMiB = ByteString.copyFrom(new byte[17 * 1024 * 1024]);
    assertStatus(
        () ->
            gateway
                .blocking()
                .writeFiles(
                    WriteFilesRequest.newBuilder()
                        .setSandbox(ref(claim))
                        .addFiles(
                            FileWrite.newBuilder().setPath("big.bin").setContent(seventeenMiB))
                        .build()),
        Status.Code.RESOURCE_EXHAUSTED,
        "");
    gateway.release(claim);
  }

  @Test
  void badExecStartIsRefusedByTheSidecarWithItsReason() {
    ClaimResponse claim = gateway.claim("default");
    assertStatus(
        () -> gateway.exec(claim, ExecStart.newBuilder()).hasNext(),
        Status.Code.INVALID_ARGUMENT,
        "");
    gateway.release(claim);
  }

  private static io.infra.arl.api.gateway.v1.GetSandboxResponse get(SandboxRef ref) {
    return gateway.blocking().getSandbox(GetSandboxRequest.newBuilder().setSandbox(ref).build());
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String descriptionPart) {
    assertThatThrownBy(call)
        .satisfies(
            e -> {
              Status status = Status.fromThrowable(e);
              assertThat(status.getCode()).isEqualTo(code);
              if (!descriptionPart.isEmpty()) {
                assertThat(status.getDescription()).contains(descriptionPart);
              }
            });
  }
}
