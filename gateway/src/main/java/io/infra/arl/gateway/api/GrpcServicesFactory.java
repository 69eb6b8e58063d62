package io.infra.arl.gateway.api;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Server reflection, so grpcurl and ghz work without the .proto files at hand. */
@Factory
public class GrpcServicesFactory {

  @Singleton
  @Named("reflection")
  BindableService reflection() {
    return ProtoReflectionServiceV1.newInstance();
  }
}
