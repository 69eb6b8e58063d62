package io.infra.arl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.sidecar.SidecarConfig;
import io.infra.arl.sidecar.SidecarServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real grpcurl, as a user debugging a sandbox would run it, against a real sidecar. */
class SidecarGrpcurlIT {
  private static SidecarServer sidecar;
  private static String target;

  @BeforeAll
  static void start() throws Exception {
    Path workspace = Files.createTempDirectory("arl-grpcurl");
    sidecar = SidecarServer.start(SidecarConfig.defaults(workspace));
    target = "127.0.0.1:" + sidecar.port();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  @Test
  void reflectionListsTheSidecarAndHealthServices() {
    ToolRun list = Grpcurl.run(List.of("-plaintext", target, "list"), Duration.ofSeconds(20));
    assertThat(list.succeeded()).as(list.describe()).isTrue();
    assertThat(list.stdout()).contains("arl.sidecar.v1.Sidecar", "grpc.health.v1.Health");
  }

  @Test
  void bindThenExecStreamsTheCommandsOutput() {
    ToolRun bind =
        Grpcurl.run(
            List.of("-plaintext", "-d", "@", target, "arl.sidecar.v1.Sidecar/Bind"),
            "{\"lease_id\": \"grpcurl-lease\", \"fencing_token\": 7}",
            Duration.ofSeconds(20));
    assertThat(bind.succeeded()).as(bind.describe()).isTrue();

    ToolRun exec =
        Grpcurl.run(
            List.of(
                "-plaintext",
                "-H",
                "arl-lease-id: grpcurl-lease",
                "-H",
                "arl-fencing-token: 7",
                "-d",
                "@",
                target,
                "arl.sidecar.v1.Sidecar/Exec"),
            "{\"start\": {\"command\": \"echo hello from grpcurl\"}}",
            Duration.ofSeconds(20));
    assertThat(exec.succeeded()).as(exec.describe()).isTrue();
    // stdout bytes are base64 in grpcurl's JSON: "hello from grpcurl\n"
    assertThat(exec.stdout()).contains("\"aGVsbG8gZnJvbSBncnBjdXJsCg==\"").contains("exited");
  }

  @Test
  void execWithoutTheBoundLeaseIsRefused() {
    ToolRun exec =
        Grpcurl.run(
            List.of("-plaintext", "-d", "@", target, "arl.sidecar.v1.Sidecar/Exec"),
            "{\"start\": {\"command\": \"true\"}}",
            Duration.ofSeconds(20));
    assertThat(exec.succeeded()).isFalse();
    assertThat(exec.stdout() + exec.stderr())
        .containsAnyOf("Unauthenticated", "FailedPrecondition");
  }
}
