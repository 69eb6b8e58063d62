package io.infra.arl.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerExtensionIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void serverAnswersOnLoopbackPort() throws IOException {
    assertThat(REDIS.isRunning()).isTrue();
    assertThat(REDIS.uri()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
    assertThat(RespProbe.command(REDIS.port(), "PING")).isEqualTo("PONG");
  }

  @Test
  void restartComesBackEmptyOnSamePort() throws IOException {
    int port = REDIS.port();
    RespProbe.command(port, "SET", "restart-key", "v");

    REDIS.restart();

    assertThat(REDIS.port()).isEqualTo(port);
    assertThat(RespProbe.command(port, "GET", "restart-key")).isNull();
  }

  @Test
  void stopRefusesConnectionsUntilStart() throws IOException {
    int port = REDIS.port();

    REDIS.stop();

    assertThat(REDIS.isRunning()).isFalse();
    assertThatThrownBy(() -> RespProbe.command(port, "PING")).isInstanceOf(ConnectException.class);
    REDIS.start();
    assertThat(RespProbe.command(port, "PING")).isEqualTo("PONG");
  }

  @Test
  void monitorCountsClientCommandsButNotScriptCommands() throws IOException {
    try (RedisMonitor monitor = REDIS.monitor()) {
      monitor.drainClientCommands();

      RespProbe.command(
          REDIS.port(),
          "EVAL",
          "redis.call('SET', KEYS[1], 'a'); return redis.call('GET', KEYS[1])",
          "1",
          "monitor-key");
      RespProbe.command(REDIS.port(), "GET", "monitor-key");

      assertThat(monitor.drainClientCommands()).containsExactly("eval", "get");
      assertThat(monitor.drainClientCommands()).isEmpty();
    }
  }
}
