package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Status;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local pool's default release policy, Reset: a released sandbox comes back clean (processes
 * killed, workspace empty, the old lease useless) and serves the next claims without a creation;
 * what is returned beyond the pool's size is destroyed after the scale-down delay.
 */
class LocalResetPoolIT {
  private GatewayHarness gateway;

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void releasedSandboxIsOfferedAgainWithItsProcessesKilledAndWorkspaceEmptied() throws Exception {
    start(3600);
    ClaimResponse claim = gateway.claim("default");
    String id = claim.getSandbox().getId();
    gateway.writeFile(claim, "notes/secret.txt", "left behind");
    Context.CancellableContext exec = Context.current().withCancellation();
    long pid = startSleep(claim, exec);
    assertThat(ProcessHandle.of(pid)).isPresent();

    gateway.release(claim);
    exec.cancel(null);

    SandboxPool pool = gateway.context().getBean(PoolRegistry.class).get("default");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> pool.candidates(10).stream().map(SandboxTarget::id).anyMatch(id::equals));
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("the detached process of the released sandbox")
        .isEmpty();
    try (Stream<Path> left = Files.list(workspaceOf(id))) {
      assertThat(left).as("entries left in the reset workspace").isEmpty();
    }
    assertThatThrownBy(
            () ->
                gateway
                    .blocking()
                    .readFile(
                        ReadFileRequest.newBuilder()
                            .setSandbox(ref(claim))
                            .setPath("notes/secret.txt")
                            .build())
                    .hasNext())
        .as("the released claim's lease token")
        .satisfies(
            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void claimsAfterTheFirstReuseReturnedSandboxes() throws Exception {
    start(3600);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      ClaimResponse claim = gateway.claim("default");
      seen.add(claim.getSandbox().getId());
      gateway.release(claim);
      // Wait for the return so that the next claim finds it ready (and creates nothing).
      gateway.awaitReady(n -> n >= 3, "ready sandboxes, expected at least 3");
    }
    assertThat(seen)
        .as("sandboxes claimed in 12 sequential cycles from a pool of 2")
        .hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void sandboxesReturnedBeyondTheReplicasAreDestroyedAfterTheScaleDownDelay() throws Exception {
    start(2);
    ClaimResponse claim = gateway.claim("default");
    gateway.awaitReady(2); // its replacement, so that the return below is an excess
    gateway.release(claim);
    gateway.awaitReady(n -> n >= 3, "ready sandboxes, expected at least 3");

    SidecarChannels channels = gateway.context().getBean(SidecarChannels.class);
    gateway.awaitReady(2); // the returned one beyond replicas is destroyed after the 2 s delay
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(channels.openChannels()).hasSize(2));
  }

  private void start(int scaleDownDelaySeconds) throws Exception {
    gateway =
        GatewayHarness.start(
            2, Map.of("arl.pools.default.scale-down-delay-seconds", scaleDownDelaySeconds));
    gateway.awaitReady(2);
  }

  /** Starts a long sleep in the sandbox within {@code call}; returns its pid once it runs. */
  private long startSleep(ClaimResponse claim, Context.CancellableContext call) throws Exception {
    Iterator<ExecEvent> events =
        call.call(
            () ->
                gateway.exec(claim, ExecStart.newBuilder().setCommand("echo $$; exec sleep 300")));
    ExecEvent event = events.next();
    while (!event.hasStdout()) {
      event = events.next();
    }
    return Long.parseLong(event.getStdout().toString(StandardCharsets.UTF_8).trim());
  }

  private Path workspaceOf(String sandboxId) throws Exception {
    try (Stream<Path> instances = Files.list(gateway.workspaces())) {
      return instances
          .map(dir -> dir.resolve(sandboxId))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow();
    }
  }
}
