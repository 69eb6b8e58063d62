package io.infra.arl.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.api.sidecar.v1.SidecarGrpc.SidecarBlockingStub;
import io.infra.arl.api.sidecar.v1.SidecarGrpc.SidecarStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real sidecar on a loopback ephemeral port with a temporary workspace, plus a directory {@link
 * #outside()} next to the workspace that hostile requests aim at, and a client channel.
 */
public final class SidecarHarness implements AutoCloseable {

  /** Lease used by {@link #bound()}. */
  public static final String LEASE = "lease-1";

  /** Token used by {@link #bound()}. */
  public static final long TOKEN = 7;

  private final Path base;
  private final SidecarServer server;
  private final ManagedChannel channel;

  private SidecarHarness(Path base, SidecarServer server) {
    this.base = base;
    this.server = server;
    this.channel = NettyChannelBuilder.forAddress(server.address()).usePlaintext().build();
  }

  /** Starts a sidecar with the defaults. */
  public static SidecarHarness start() throws IOException {
    return start(config -> config, SidecarObserver.NONE);
  }

  /** Starts a sidecar with the defaults changed by {@code tweak}. */
  public static SidecarHarness start(UnaryOperator<SidecarConfig> tweak, SidecarObserver observer)
      throws IOException {
    Path base = Files.createTempDirectory("arl-sidecar-it");
    Files.createDirectories(base.resolve("outside"));
    Files.writeString(base.resolve("outside/secret.txt"), "top secret");
    SidecarConfig config = tweak.apply(SidecarConfig.defaults(base.resolve("workspace")));
    return new SidecarHarness(base, SidecarServer.start(config, observer));
  }

  public SidecarServer server() {
    return server;
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** The workspace's real path. */
  public Path workspace() {
    return server.workspace();
  }

  /** A directory outside the workspace holding {@code secret.txt}. */
  public Path outside() {
    try {
      return base.resolve("outside").toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A blocking stub without lease metadata. */
  public SidecarBlockingStub anonymous() {
    return SidecarGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A blocking stub carrying the given lease in metadata. */
  public SidecarBlockingStub blocking(String leaseId, long token) {
    return SidecarGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(lease(leaseId, token)))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** An async stub carrying the given lease in metadata. */
  public SidecarStub async(String leaseId, long token) {
    return SidecarGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(lease(leaseId, token)));
  }

  /** Binds {@code leaseId} with {@code token}. */
  public BindResponse bind(String leaseId, long token) {
    return anonymous()
        .bind(BindRequest.newBuilder().setLeaseId(leaseId).setFencingToken(token).build());
  }

  /** Binds {@link #LEASE} / {@link #TOKEN} and returns a blocking stub for it. */
  public SidecarBlockingStub bound() {
    bind(LEASE, TOKEN);
    return blocking(LEASE, TOKEN);
  }

  /** An async stub for {@link #LEASE} / {@link #TOKEN}. */
  public SidecarStub boundAsync() {
    return async(LEASE, TOKEN);
  }

  private static Metadata lease(String leaseId, long token) {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("arl-lease-id", Metadata.ASCII_STRING_MARSHALLER), leaseId);
    metadata.put(
        Metadata.Key.of("arl-fencing-token", Metadata.ASCII_STRING_MARSHALLER),
        Long.toString(token));
    return metadata;
  }

  @Override
  public void close() throws IOException {
    channel.shutdownNow();
    server.close();
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
