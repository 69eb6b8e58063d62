package io.infra.arl.gateway.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One channel per sandbox: plaintext HTTP/2 on one shared event loop group, or gRPC's in-process
 * transport for sidecars served in this JVM (local backend). Callbacks run directly on the event
 * loop ({@code directExecutor}): relays only hand messages on and never block there, which saves a
 * thread hop per message on the hot path.
 *
 * <p>Pools {@link #warm} a sandbox's channel when the sandbox becomes ready and {@link #evict} it
 * when the sandbox is gone, so a claim finds a connected, warmed-up channel (a first call on a
 * fresh channel costs milliseconds: TCP and HTTP/2 handshakes, class loading) and channels never
 * outlive their sandboxes. Channels are keyed by sandbox id and address, so a port or IP reused by
 * a newer sandbox never shares or loses a channel through an older one.
 */
@Singleton
public class SidecarChannels implements AutoCloseable {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Ready sandboxes may wait for hours: their channels must not go idle and disconnect. */
  private static final long NEVER_IDLE_DAYS = 365;

  private final EventLoopGroup eventLoop =
      new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final ConcurrentHashMap<String, Open> channels = new ConcurrentHashMap<>();

  /** The channel to a sandbox's sidecar, created on first use. */
  public ManagedChannel channel(SandboxTarget target) {
    return channels.computeIfAbsent(key(target), k -> new Open(target, open(target))).channel();
  }

  /**
   * Opens the sandbox's channel and makes one health check on it, so that the connection is up and
   * the call path warm before a claim needs it. Completes when the check is answered; fails when
   * the sidecar does not answer within {@code timeout} (the channel stays open: it reconnects).
   */
  public CompletableFuture<Void> warm(SandboxTarget target, Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    HealthGrpc.newStub(channel(target))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .withWaitForReady() // a sidecar that is still binding its port is not an error yet
        .check(HealthCheckRequest.getDefaultInstance(), new Completion(done));
    return done;
  }

  /** Closes the channel of a sandbox that is gone. */
  public void evict(SandboxTarget target) {
    Open open = channels.remove(key(target));
    if (open != null) {
      open.channel().shutdownNow();
    }
  }

  /** The open channels by sandbox id (for tests and diagnostics). */
  public Map<String, ManagedChannel> openChannels() {
    Map<String, ManagedChannel> open = new HashMap<>();
    channels.values().forEach(o -> open.put(o.target().id(), o.channel()));
    return open;
  }

  private ManagedChannel open(SandboxTarget target) {
    if (target.isInProcess()) {
      return InProcessChannelBuilder.forName(target.id())
          .directExecutor()
          .idleTimeout(NEVER_IDLE_DAYS, TimeUnit.DAYS)
          .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
          .build();
    }
    return NettyChannelBuilder.forAddress(target.host(), target.port())
        .usePlaintext()
        .eventLoopGroup(eventLoop)
        .channelType(NioSocketChannel.class)
        .directExecutor()
        .idleTimeout(NEVER_IDLE_DAYS, TimeUnit.DAYS)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }

  private static String key(SandboxTarget target) {
    return target.id() + "@" + target.host() + ":" + target.port();
  }

  @PreDestroy
  @Override
  public void close() {
    channels.values().forEach(o -> o.channel().shutdownNow());
    channels.clear();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private record Open(SandboxTarget target, ManagedChannel channel) {}

  /** Completes a future with the outcome of a health check. */
  private record Completion(CompletableFuture<Void> done)
      implements StreamObserver<HealthCheckResponse> {
    @Override
    public void onNext(HealthCheckResponse response) {}

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
