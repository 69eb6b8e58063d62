package io.infra.arl.operator.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One plaintext channel per sidecar address, shared by every call to that pod. */
public final class SidecarChannels implements AutoCloseable {

  /** The sidecar's port in every pod. */
  public static final int PORT = 50051;

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** The channel to the sidecar of the pod with IP {@code podIP}. */
  public ManagedChannel channel(String podIP) {
    return channels.computeIfAbsent(
        podIP,
        ip ->
            NettyChannelBuilder.forAddress(ip, PORT)
                .usePlaintext()
                .idleTimeout(1, TimeUnit.MINUTES)
                .build());
  }

  /** Closes the channel of a pod that is gone. */
  public void evict(String podIP) {
    ManagedChannel channel = channels.remove(podIP);
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  /** Closes every channel. */
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
