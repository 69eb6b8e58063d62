package io.infra.arl.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class RedisServerProcessIT {

  @Test
  void closeKillsTheProcess() throws IOException {
    RedisServerProcess server = new RedisServerProcess();
    server.start();
    int port = server.port();
    assertThat(RespProbe.command(port, "PING")).isEqualTo("PONG");

    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> RespProbe.command(port, "PING")).isInstanceOf(ConnectException.class);
  }

  @Test
  void twoServersGetDifferentPorts() {
    try (RedisServerProcess first = new RedisServerProcess();
        RedisServerProcess second = new RedisServerProcess()) {
      first.start();
      second.start();

      assertThat(first.port()).isNotEqualTo(second.port());
    }
  }
}
