package io.infra.arl.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What grpcurl sees: reflection lists the services, health answers, no lease needed for either. */
class ReflectionHealthIT {

  private SidecarHarness harness;

  @BeforeEach
  void start() throws IOException {
    harness = SidecarHarness.start();
  }

  @AfterEach
  void stop() throws IOException {
    harness.close();
  }

  @Test
  void reflectionListsSidecarAndHealthAndServesTheirDescriptors() throws Exception {
    ServerReflectionResponse services =
        reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());

    assertThat(services.getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("arl.sidecar.v1.Sidecar", "grpc.health.v1.Health");

    ServerReflectionResponse file =
        reflect(
            ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("arl.sidecar.v1.Sidecar")
                .build());
    assertThat(file.getFileDescriptorResponse().getFileDescriptorProtoCount()).isGreaterThan(0);
  }

  @Test
  void healthServesUnboundAndForTheSidecarService() {
    var health =
        HealthGrpc.newBlockingStub(harness.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(HealthCheckRequest.newBuilder().setService("arl.sidecar.v1.Sidecar").build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(harness.channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    response.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    response.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    response.completeExceptionally(new AssertionError("No response"));
                  }
                });
    requests.onNext(request);
    requests.onCompleted();
    return response.get(10, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unused")
  private static List<String> names(ServerReflectionResponse response) {
    return response.getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName)
        .toList();
  }
}
