package io.infra.arl.sidecar.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {

  @ParameterizedTest
  @CsvSource({
    "INVALID_ARGUMENT, INVALID_ARGUMENT",
    "OUTSIDE_WORKSPACE, PERMISSION_DENIED",
    "LEASE_MISMATCH, PERMISSION_DENIED",
    "NOT_FOUND, NOT_FOUND",
    "WRONG_STATE, FAILED_PRECONDITION",
    "NOT_BOUND, FAILED_PRECONDITION",
    "LIMIT_EXCEEDED, RESOURCE_EXHAUSTED",
    "MISSING_CREDENTIALS, UNAUTHENTICATED",
    "LEASE_LOST, ABORTED",
    "SHUTTING_DOWN, UNAVAILABLE"
  })
  void mapsEveryRefusalKeepingItsMessage(Kind kind, Status.Code code) {
    Status status = StatusMapping.toStatus(new SidecarException(kind, "what was wrong"));

    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo("what was wrong");
  }

  @Test
  void hidesInternalsOfUnexpectedFailures() {
    Status status = StatusMapping.toStatus(new IOException("/secret/path: disk on fire"));

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).startsWith("internal error in the sidecar (incident ");
    assertThat(status.getDescription()).doesNotContain("secret");
  }

  @Test
  void filesChangedUnderACallAreTheCallersConditionAndShowOnlyTheFileName() {
    Status gone = StatusMapping.toStatus(new java.nio.file.NoSuchFileException("/secret/ws/flip"));
    assertThat(gone.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(gone.getDescription()).startsWith("flip: ").doesNotContain("secret");

    Status replaced =
        StatusMapping.toStatus(new java.nio.file.NotDirectoryException("/secret/ws/flip"));
    assertThat(replaced.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(replaced.getDescription()).doesNotContain("secret");
  }
}
