package io.infra.arl.loadtest.scenario;

import io.grpc.ManagedChannel;

/** Lets a scenario close a channel with try-with-resources. */
record ChannelCloser(ManagedChannel channel) implements AutoCloseable {
  @Override
  public void close() {
    channel.shutdownNow();
  }
}
