package io.infra.arl.loadtest.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * Client channels of the harness. Every channel is built the same way, so the gateway and the
 * direct-to-sidecar paths are measured with the same client: plaintext HTTP/2 on loopback,
 * callbacks on the event loop ({@code directExecutor}: the harness's callbacks only count and
 * complete futures, and a thread hop would be added to every measured latency).
 */
public final class Channels {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  private Channels() {}

  /** A channel to {@code 127.0.0.1:port}. */
  public static ManagedChannel loopback(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .directExecutor()
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }
}
