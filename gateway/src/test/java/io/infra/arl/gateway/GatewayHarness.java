package io.infra.arl.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.testing.files.FileTrees;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/** A real gateway (Micronaut context, gRPC on a free loopback port) and a client channel to it. */
public final class GatewayHarness implements AutoCloseable {
  private final ApplicationContext context;
  private final ManagedChannel channel;
  private final Path workspaces;

  private GatewayHarness(ApplicationContext context, ManagedChannel channel, Path workspaces) {
    this.context = context;
    this.channel = channel;
    this.workspaces = workspaces;
  }

  /**
   * Starts a gateway with a local pool {@code default} of {@code replicas} plus extra properties.
   */
  public static GatewayHarness start(int replicas, Map<String, Object> extra) throws Exception {
    return start(replicas, extra, new Object[0]);
  }

  /** As {@link #start(int, Map)}, with extra singleton beans (e.g. a sidecar ledger). */
  public static GatewayHarness start(int replicas, Map<String, Object> extra, Object... singletons)
      throws Exception {
    // Free ports can be taken by another process between the probe and the bind: try again then.
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(replicas, extra, singletons);
      } catch (RuntimeException e) { // a port was taken meanwhile (Micronaut or gRPC server)
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static GatewayHarness startOnce(
      int replicas, Map<String, Object> extra, Object[] singletons) throws Exception {
    Path workspaces = Files.createTempDirectory("arl-gw-test");
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", freePort());
    props.put("grpc.server.port", freePort());
    props.put("grpc.server.host", "127.0.0.1");
    props.put("arl.gateway.workspace-root", workspaces.toString());
    props.put("arl.pools.default.replicas", replicas);
    props.putAll(extra);
    ApplicationContext context = null;
    try {
      context = ApplicationContext.builder().properties(props).singletons(singletons).start();
      context.getBean(EmbeddedServer.class).start();
    } catch (RuntimeException e) {
      if (context != null) {
        context.close();
      }
      FileTrees.delete(workspaces);
      throw e;
    }
    int port = context.getBean(GrpcEmbeddedServer.class).getPort();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    return new GatewayHarness(context, channel, workspaces);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public GatewayGrpc.GatewayBlockingStub blocking() {
    return GatewayGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public GatewayGrpc.GatewayStub async() {
    return GatewayGrpc.newStub(channel);
  }

  /** A blocking stub that presents an API key. */
  public GatewayGrpc.GatewayBlockingStub blocking(String apiKey) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    return blocking().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  public ApplicationContext context() {
    return context;
  }

  public Path workspaces() {
    return workspaces;
  }

  public ClaimResponse claim(String pool) {
    return blocking()
        .claim(ClaimRequest.newBuilder().setSpec(ClaimSpec.newBuilder().setPool(pool)).build());
  }

  /** Releases a claimed sandbox. */
  public void release(ClaimResponse claim) {
    blocking().release(ReleaseRequest.newBuilder().setSandbox(ref(claim)).build());
  }

  /**
   * Claims from {@code pool} once it offers a sandbox (retrying up to 30 s: the pool may still be
   * filling, or its pods not seen yet by the gateway's informer).
   */
  public ClaimResponse awaitClaim(String pool) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> claim(pool), c -> true);
  }

  /** Starts {@code start} in the claimed sandbox (no stdin); its events as they come. */
  public Iterator<ExecEvent> exec(ClaimResponse claim, ExecStart.Builder start) {
    return blocking().exec(ExecRequest.newBuilder().setSandbox(ref(claim)).setStart(start).build());
  }

  /** Runs {@code command} (a shell line) in the sandbox; its stdout once it ended. */
  public String execOut(ClaimResponse claim, String command) {
    StringBuilder out = new StringBuilder();
    exec(claim, ExecStart.newBuilder().setCommand(command))
        .forEachRemaining(e -> out.append(e.hasStdout() ? e.getStdout().toStringUtf8() : ""));
    return out.toString();
  }

  /** Writes one UTF-8 file into the sandbox. */
  public void writeFile(ClaimResponse claim, String path, String content) {
    blocking()
        .writeFiles(
            WriteFilesRequest.newBuilder()
                .setSandbox(ref(claim))
                .addFiles(
                    FileWrite.newBuilder()
                        .setPath(path)
                        .setContent(ByteString.copyFromUtf8(content)))
                .build());
  }

  /** Ready sandboxes of the first pool, as {@code ListPools} reports them. */
  public int ready() {
    return blocking().listPools(ListPoolsRequest.getDefaultInstance()).getPools(0).getReady();
  }

  /** Waits up to 20 s until {@link #ready()} satisfies {@code condition}. */
  public void awaitReady(IntPredicate condition, String description) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(ready()).as(description).matches(condition::test));
  }

  /** Waits up to 20 s until exactly {@code ready} sandboxes are ready. */
  public void awaitReady(int ready) {
    awaitReady(n -> n == ready, "ready sandboxes, expected " + ready);
  }

  public static SandboxRef ref(ClaimResponse claim) {
    return SandboxRef.newBuilder()
        .setId(claim.getSandbox().getId())
        .setLeaseToken(claim.getLeaseToken())
        .build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    context.close();
    FileTrees.delete(workspaces);
  }
}
