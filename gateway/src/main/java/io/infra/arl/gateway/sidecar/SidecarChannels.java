package io.infra.arl.gateway.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext HTTP/2 channel per sidecar, all on one shared event loop group. Callbacks run
 * directly on the event loop ({@code directExecutor}): relays only hand messages on and never block
 * there, which saves a thread hop per message on the hot path.
 */
@Singleton
public class SidecarChannels implements AutoCloseable {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final EventLoopGroup eventLoop =
      new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** The channel to a sandbox's sidecar, created on first use. */
  public ManagedChannel channel(SandboxTarget target) {
    return channels.computeIfAbsent(key(target), k -> open(target));
  }

  /** Closes the channel of a sandbox that is gone. */
  public void evict(SandboxTarget target) {
    ManagedChannel channel = channels.remove(key(target));
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  private ManagedChannel open(SandboxTarget target) {
    return NettyChannelBuilder.forAddress(target.host(), target.port())
        .usePlaintext()
        .eventLoopGroup(eventLoop)
        .channelType(NioSocketChannel.class)
        .directExecutor()
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }

  private static String key(SandboxTarget target) {
    return target.host() + ":" + target.port();
  }

  @PreDestroy
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
