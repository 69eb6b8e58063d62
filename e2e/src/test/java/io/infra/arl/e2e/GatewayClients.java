package io.infra.arl.e2e;

import com.google.protobuf.ByteString;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.GatewayGrpc.GatewayBlockingStub;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.api.gateway.v1.ReadFileRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** An agent's view of the stack: one channel per gateway and the calls the tests make. */
public final class GatewayClients implements AutoCloseable {
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(20);

  private final List<ManagedChannel> channels;

  public GatewayClients(List<Integer> ports) {
    this.channels =
        ports.stream()
            .map(
                port ->
                    (ManagedChannel)
                        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build())
            .toList();
  }

  public int size() {
    return channels.size();
  }

  /**
   * A random gateway among those whose channel is not failing to connect (what a load balancer in
   * front of them would pick from); any gateway if all are failing.
   */
  public int pickReachable() {
    int[] reachable =
        IntStream.range(0, channels.size())
            .filter(i -> channels.get(i).getState(false) != ConnectivityState.TRANSIENT_FAILURE)
            .toArray();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return reachable.length == 0
        ? random.nextInt(channels.size())
        : reachable[random.nextInt(reachable.length)];
  }

  public GatewayBlockingStub stub(int gateway) {
    return GatewayGrpc.newBlockingStub(channels.get(gateway))
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Claims from {@code pool}, waiting up to {@code wait} for a ready sandbox. */
  public ClaimResponse claim(int gateway, String pool, Duration wait) {
    return stub(gateway)
        .claim(
            ClaimRequest.newBuilder()
                .setSpec(
                    ClaimSpec.newBuilder().setPool(pool).setClaimTimeoutMs((int) wait.toMillis()))
                .build());
  }

  /** Runs {@code command} to completion. */
  public ExecResult exec(int gateway, SandboxRef sandbox, String command) {
    Iterator<ExecEvent> events =
        stub(gateway)
            .exec(
                ExecRequest.newBuilder()
                    .setSandbox(sandbox)
                    .setStart(ExecStart.newBuilder().setCommand(command))
                    .build());
    StringBuilder out = new StringBuilder();
    Integer exitCode = null;
    while (events.hasNext()) {
      ExecEvent event = events.next();
      if (event.hasStdout()) {
        out.append(event.getStdout().toStringUtf8());
      } else if (event.hasExited()) {
        exitCode = event.getExited().getExitCode();
      }
    }
    return new ExecResult(out.toString(), exitCode);
  }

  public void write(int gateway, SandboxRef sandbox, String path, String content) {
    stub(gateway)
        .writeFiles(
            WriteFilesRequest.newBuilder()
                .setSandbox(sandbox)
                .addFiles(
                    FileWrite.newBuilder()
                        .setPath(path)
                        .setContent(ByteString.copyFromUtf8(content)))
                .build());
  }

  public String read(int gateway, SandboxRef sandbox, String path) {
    StringBuilder content = new StringBuilder();
    stub(gateway)
        .readFile(ReadFileRequest.newBuilder().setSandbox(sandbox).setPath(path).build())
        .forEachRemaining(
            chunk -> content.append(chunk.getData().toString(StandardCharsets.UTF_8)));
    return content.toString();
  }

  public void release(int gateway, SandboxRef sandbox) {
    stub(gateway).release(ReleaseRequest.newBuilder().setSandbox(sandbox).build());
  }

  public Optional<Pool> pool(int gateway, String name) {
    return stub(gateway).listPools(ListPoolsRequest.getDefaultInstance()).getPoolsList().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst();
  }

  /** Reconnects at once to gateways that were down (instead of after the backoff). */
  public void resetBackoff() {
    channels.forEach(ManagedChannel::resetConnectBackoff);
  }

  public static SandboxRef ref(ClaimResponse claim) {
    return SandboxRef.newBuilder()
        .setId(claim.getSandbox().getId())
        .setLeaseToken(claim.getLeaseToken())
        .build();
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  /** What an exec printed on stdout and its exit code (null: no exit event). */
  public record ExecResult(String stdout, Integer exitCode) {}
}
