package io.infra.arl.gateway.api;

import io.grpc.ServerBuilder;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Makes the agent-facing gRPC server call its handlers on the transport's event loop instead of
 * handing every message to Micronaut's io executor: one thread hop (and one wake-up of the other
 * core) less per relayed message. Handlers therefore must not block; those that may (lease-store
 * round trips) go through {@link BlockingWork}.
 */
@Singleton
public class DirectServerExecutor implements BeanCreatedEventListener<ServerBuilder<?>> {

  @Override
  public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
    return event.getBean().directExecutor();
  }
}
