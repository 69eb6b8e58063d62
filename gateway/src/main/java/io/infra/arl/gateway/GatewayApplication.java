package io.infra.arl.gateway;

import io.micronaut.runtime.Micronaut;

/** Starts the gateway: the gRPC server for agents, the management server and the backend. */
public final class GatewayApplication {
  private GatewayApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).banner(false).mainClass(GatewayApplication.class).start();
  }
}
