package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.stack.GatewayProcess;

/**
 * A gateway a scenario uses for a while: its own (stopped when the scenario is done with it) or, in
 * a smoke run, the shared one (left running).
 *
 * @param gateway the gateway
 * @param owned whether closing this stops it
 */
record GatewayUse(GatewayProcess gateway, boolean owned) implements AutoCloseable {
  @Override
  public void close() {
    if (owned) {
      gateway.close();
    }
  }
}
