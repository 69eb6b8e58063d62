package io.infra.arl.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusMapperTest {

  @ParameterizedTest
  @EnumSource(Failure.class)
  void everyFailureKindHasItsOwnCodeAndKeepsItsMessage(Failure failure) {
    Status status =
        StatusMapper.toStatus(
            new CompletionException(new GatewayException(failure, "what was wrong")));
    assertThat(status.getCode()).isNotIn(Status.Code.OK, Status.Code.UNKNOWN, Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("what was wrong");
  }

  @Test
  void sidecarRequestErrorsPassThroughAndUnreachableSidecarsAreUnavailable() {
    assertThat(
            StatusMapper.toStatus(
                Status.PERMISSION_DENIED.withDescription("path: ../x").asRuntimeException()))
        .extracting(Status::getCode, Status::getDescription)
        .containsExactly(Status.Code.PERMISSION_DENIED, "path: ../x");
    assertThat(StatusMapper.toStatus(Status.UNAVAILABLE.asRuntimeException()).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapper.toStatus(new LeaseStoreUnavailableException("down")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void unexpectedFailuresAreInternalWithoutInternals() {
    Status status = StatusMapper.toStatus(new IllegalStateException("secret detail"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).doesNotContain("secret detail").contains("ref");
  }
}
