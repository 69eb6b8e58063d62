package io.infra.arl.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarEnvironmentTest {

  @Test
  void defaultsSuitTheContainer() {
    SidecarConfig config = SidecarEnvironment.read(Map.of());

    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(50051);
    assertThat(config.workspace()).isEqualTo(Path.of("/workspace"));
    assertThat(config.defaultExecTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.keepAliveInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.maxConcurrentExecs()).isEqualTo(64);
    assertThat(config.maxFileBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.maxInboundMessageBytes()).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void readsEveryKey() {
    SidecarConfig config =
        SidecarEnvironment.read(
            Map.of(
                "ARL_SIDECAR_HOST", "127.0.0.2",
                "ARL_SIDECAR_PORT", "0",
                "ARL_WORKSPACE", "/tmp/ws",
                "ARL_EXEC_TIMEOUT_MS", "1000",
                "ARL_KEEPALIVE_MS", "200",
                "ARL_MAX_EXECS", "3",
                "ARL_MAX_FILE_BYTES", "1024",
                "ARL_MAX_MESSAGE_BYTES", "2048"));

    assertThat(config)
        .isEqualTo(
            new SidecarConfig(
                "127.0.0.2",
                0,
                Path.of("/tmp/ws"),
                Duration.ofSeconds(1),
                Duration.ofMillis(200),
                3,
                1024,
                2048));
  }

  @Test
  void refusesBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> SidecarEnvironment.read(Map.of("ARL_SIDECAR_PORT", "http")))
        .hasMessage("ARL_SIDECAR_PORT: \"http\" (expected: an integer 0..65535)");
    assertThatThrownBy(() -> SidecarEnvironment.read(Map.of("ARL_MAX_EXECS", "0")))
        .hasMessage("ARL_MAX_EXECS: \"0\" (expected: an integer 1..100000)");
  }

  @Test
  void configWithersChangeOneValue() {
    SidecarConfig config = SidecarConfig.defaults(Path.of("/ws")).withHost("::1").withPort(9);

    assertThat(config.host()).isEqualTo("::1");
    assertThat(config.port()).isEqualTo(9);
    assertThat(config.workspace()).isEqualTo(Path.of("/ws"));
    assertThatThrownBy(() -> config.withPort(70000)).hasMessage("port: 70000 (expected: 0..65535)");
  }
}
