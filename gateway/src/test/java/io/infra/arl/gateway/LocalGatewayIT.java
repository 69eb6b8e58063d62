package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GetSandboxRequest;
import io.infra.arl.api.gateway.v1.ListFilesRequest;
import io.infra.arl.api.gateway.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.sandbox.SandboxRegistry;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole local path: a real gRPC client, the gateway, real in-process sidecars and processes;
 * the pool deletes released sandboxes ({@link LocalResetPoolIT} covers the default, Reset).
 */
class LocalGatewayIT {
  private static GatewayHarness gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayHarness.start(2, Map.of("arl.pools.default.release-policy", "Delete"));
    gateway.awaitReady(2);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void claimedSandboxRunsCommandsAndStreamsOutputAsItIsProduced() {
    ClaimResponse claim = gateway.claim("default");
    assertThat(claim.getLeaseToken()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(claim.getSandbox().getPool()).isEqualTo("default");

    Iterator<ExecEvent> events =
        gateway.exec(
            claim, ExecStart.newBuilder().setCommand("echo first; sleep 0.5; echo second"));
    List<String> stdout = new ArrayList<>();
    long firstChunkAt = 0;
    long exitedAt = 0;
    int exitCode = -1;
    while (events.hasNext()) {
      ExecEvent event = events.next();
      if (event.hasStdout()) {
        if (firstChunkAt == 0) {
          firstChunkAt = System.nanoTime();
        }
        stdout.add(event.getStdout().toStringUtf8());
      } else if (event.hasExited()) {
        exitedAt = System.nanoTime();
        exitCode = event.getExited().getExitCode();
      }
    }
    assertThat(String.join("", stdout)).isEqualTo("first\nsecond\n");
    assertThat(exitCode).isZero();
    // "first" reached the agent while the process was still sleeping, not at its exit.
    assertThat(Duration.ofNanos(exitedAt - firstChunkAt)).isGreaterThan(Duration.ofMillis(300));
    gateway.release(claim);
  }

  @Test
  void execFeedsStdinAndReportsExitCodes() {
    ClaimResponse claim = gateway.claim("default");
    Iterator<ExecEvent> events =
        gateway
            .blocking()
            .exec(
                ExecRequest.newBuilder()
                    .setSandbox(ref(claim))
                    .setStart(
                        ExecStart.newBuilder().addArgv("sh").addArgv("-c").addArgv("cat; exit 3"))
                    .setStdin(ByteString.copyFromUtf8("from stdin"))
                    .build());
    StringBuilder out = new StringBuilder();
    int exitCode = -1;
    while (events.hasNext()) {
      ExecEvent event = events.next();
      if (event.hasStdout()) {
        out.append(event.getStdout().toStringUtf8());
      }
      if (event.hasExited()) {
        exitCode = event.getExited().getExitCode();
      }
    }
    assertThat(out).hasToString("from stdin");
    assertThat(exitCode).isEqualTo(3);
    gateway.release(claim);
  }

  @Test
  void filesAreWrittenReadAndListed() {
    ClaimResponse claim = gateway.claim("default");
    gateway.writeFile(claim, "src/hello.py", "print(1+1)\n");
    Iterator<FileChunk> chunks =
        gateway
            .blocking()
            .readFile(
                ReadFileRequest.newBuilder()
                    .setSandbox(ref(claim))
                    .setPath("src/hello.py")
                    .build());
    StringBuilder content = new StringBuilder();
    chunks.forEachRemaining(c -> content.append(c.getData().toString(StandardCharsets.UTF_8)));
    assertThat(content).hasToString("print(1+1)\n");
    var listing =
        gateway
            .blocking()
            .listFiles(ListFilesRequest.newBuilder().setSandbox(ref(claim)).setPath("src").build());
    assertThat(listing.getEntriesList()).extracting(e -> e.getName()).containsExactly("hello.py");
    gateway.release(claim);
  }

  @Test
  void claimedSandboxesAreReplacedAndReleasedOnesAreGone() {
    ClaimResponse claim = gateway.claim("default");
    gateway.awaitReady(2); // replaced at once: replicas counts ready sandboxes only
    gateway.release(claim);
    assertThatThrownBy(
            () ->
                gateway
                    .blocking()
                    .getSandbox(GetSandboxRequest.newBuilder().setSandbox(ref(claim)).build()))
        .satisfies(
            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(gateway.workspaces().toFile().listFiles()[0].list())
                    .as("the released sandbox's workspace is deleted")
                    .doesNotContain(claim.getSandbox().getId()));
  }

  @Test
  void readySandboxesAreConnectedBeforeTheyAreOfferedAndGoneOnesCloseTheirChannels() {
    SidecarChannels channels = gateway.context().getBean(SidecarChannels.class);
    SandboxPool pool = gateway.context().getBean(PoolRegistry.class).get("default");
    gateway.awaitReady(2);
    // Offered only once warmed: every candidate already has an open channel, before any claim.
    assertThat(pool.candidates(10))
        .isNotEmpty()
        .allSatisfy(ready -> assertThat(channels.openChannels().get(ready.id())).isNotNull());

    List<ManagedChannel> ofReleased = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ClaimResponse claim = gateway.claim("default");
      ofReleased.add(channels.openChannels().get(claim.getSandbox().getId()));
      gateway.release(claim);
    }
    assertThat(ofReleased).doesNotContainNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(ofReleased).allMatch(ManagedChannel::isShutdown);
              Set<String> live = new HashSet<>();
              pool.candidates(Integer.MAX_VALUE).forEach(t -> live.add(t.id()));
              gateway.context().getBean(SandboxRegistry.class).all().forEach(h -> live.add(h.id()));
              assertThat(channels.openChannels().keySet())
                  .as("channels only to ready or held sandboxes")
                  .isSubsetOf(live);
            });
  }

  static Status.Code code(Throwable t) {
    return ((StatusRuntimeException) t).getStatus().getCode();
  }
}
