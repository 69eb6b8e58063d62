package io.infra.arl.sidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of one sidecar server.
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param workspace the workspace directory (created when missing)
 * @param defaultExecTimeout timeout of an exec that gives none
 * @param keepAliveInterval how long an exec stream may stay quiet before a keep-alive event
 * @param maxConcurrentExecs most execs running at once (detached ones included)
 * @param maxFileBytes largest file a write may produce
 * @param maxInboundMessageBytes largest request message
 */
public record SidecarConfig(
    String host,
    int port,
    Path workspace,
    Duration defaultExecTimeout,
    Duration keepAliveInterval,
    int maxConcurrentExecs,
    long maxFileBytes,
    int maxInboundMessageBytes) {

  /** Checks every value. */
  public SidecarConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(defaultExecTimeout, "defaultExecTimeout");
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    require(port >= 0 && port <= 65535, "port", port, "0..65535");
    require(
        defaultExecTimeout.isPositive() && defaultExecTimeout.toMillis() <= 86_400_000L,
        "defaultExecTimeout",
        defaultExecTimeout,
        "1 ms..24 h");
    require(keepAliveInterval.isPositive(), "keepAliveInterval", keepAliveInterval, "> 0");
    require(maxConcurrentExecs > 0, "maxConcurrentExecs", maxConcurrentExecs, "> 0");
    require(maxFileBytes > 0, "maxFileBytes", maxFileBytes, "> 0");
    require(maxInboundMessageBytes > 0, "maxInboundMessageBytes", maxInboundMessageBytes, "> 0");
  }

  /**
   * Defaults for embedding and tests: 127.0.0.1, an ephemeral port, 60 s exec timeout, 15 s
   * keep-alives, 64 concurrent execs, 64 MiB files, 16 MiB messages.
   */
  public static SidecarConfig defaults(Path workspace) {
    return new SidecarConfig(
        "127.0.0.1",
        0,
        workspace,
        Duration.ofSeconds(60),
        Duration.ofSeconds(15),
        64,
        64L * 1024 * 1024,
        16 * 1024 * 1024);
  }

  /** This config listening on {@code h}. */
  public SidecarConfig withHost(String h) {
    return new SidecarConfig(
        h,
        port,
        workspace,
        defaultExecTimeout,
        keepAliveInterval,
        maxConcurrentExecs,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config listening on port {@code p}. */
  public SidecarConfig withPort(int p) {
    return new SidecarConfig(
        host,
        p,
        workspace,
        defaultExecTimeout,
        keepAliveInterval,
        maxConcurrentExecs,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config with another workspace. */
  public SidecarConfig withWorkspace(Path w) {
    return new SidecarConfig(
        host,
        port,
        w,
        defaultExecTimeout,
        keepAliveInterval,
        maxConcurrentExecs,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config with another default exec timeout. */
  public SidecarConfig withDefaultExecTimeout(Duration d) {
    return new SidecarConfig(
        host,
        port,
        workspace,
        d,
        keepAliveInterval,
        maxConcurrentExecs,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config with another keep-alive interval. */
  public SidecarConfig withKeepAliveInterval(Duration d) {
    return new SidecarConfig(
        host,
        port,
        workspace,
        defaultExecTimeout,
        d,
        maxConcurrentExecs,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config with another concurrent exec limit. */
  public SidecarConfig withMaxConcurrentExecs(int n) {
    return new SidecarConfig(
        host,
        port,
        workspace,
        defaultExecTimeout,
        keepAliveInterval,
        n,
        maxFileBytes,
        maxInboundMessageBytes);
  }

  /** This config with another file size limit. */
  public SidecarConfig withMaxFileBytes(long n) {
    return new SidecarConfig(
        host,
        port,
        workspace,
        defaultExecTimeout,
        keepAliveInterval,
        maxConcurrentExecs,
        n,
        maxInboundMessageBytes);
  }

  /** This config with another message size limit. */
  public SidecarConfig withMaxInboundMessageBytes(int n) {
    return new SidecarConfig(
        host,
        port,
        workspace,
        defaultExecTimeout,
        keepAliveInterval,
        maxConcurrentExecs,
        maxFileBytes,
        n);
  }

  private static void require(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
    }
  }
}
