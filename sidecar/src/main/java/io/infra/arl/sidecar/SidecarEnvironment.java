package io.infra.arl.sidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the sidecar's configuration from environment variables (the container's way). Every key is
 * optional; see sidecar/README.md for the table.
 */
public final class SidecarEnvironment {

  /** Listen address; default {@code 0.0.0.0}. */
  public static final String HOST = "ARL_SIDECAR_HOST";

  /** Listen port; default 50051. */
  public static final String PORT = "ARL_SIDECAR_PORT";

  /** Workspace directory; default {@code /workspace}. */
  public static final String WORKSPACE = "ARL_WORKSPACE";

  /** Default exec timeout in milliseconds; default 60000. */
  public static final String EXEC_TIMEOUT_MS = "ARL_EXEC_TIMEOUT_MS";

  /** Keep-alive interval of quiet exec streams in milliseconds; default 15000. */
  public static final String KEEPALIVE_MS = "ARL_KEEPALIVE_MS";

  /** Most concurrent execs; default 64. */
  public static final String MAX_EXECS = "ARL_MAX_EXECS";

  /** Largest file a write may produce, in bytes; default 67108864 (64 MiB). */
  public static final String MAX_FILE_BYTES = "ARL_MAX_FILE_BYTES";

  /** Largest request message, in bytes; default 16777216 (16 MiB). */
  public static final String MAX_MESSAGE_BYTES = "ARL_MAX_MESSAGE_BYTES";

  /** {@code json} for JSON log lines; anything else for plain key=value lines. */
  public static final String LOG_FORMAT = "ARL_LOG_FORMAT";

  private SidecarEnvironment() {}

  /**
   * Builds the configuration.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable, its value and what was expected
   */
  public static SidecarConfig read(Map<String, String> env) {
    SidecarConfig defaults = SidecarConfig.defaults(Path.of("/workspace"));
    return new SidecarConfig(
        env.getOrDefault(HOST, "0.0.0.0"),
        (int) number(env, PORT, 50051, 0, 65535),
        Path.of(env.getOrDefault(WORKSPACE, "/workspace")),
        Duration.ofMillis(
            number(env, EXEC_TIMEOUT_MS, defaults.defaultExecTimeout().toMillis(), 1, 86_400_000)),
        Duration.ofMillis(
            number(env, KEEPALIVE_MS, defaults.keepAliveInterval().toMillis(), 1, 3_600_000)),
        (int) number(env, MAX_EXECS, defaults.maxConcurrentExecs(), 1, 100_000),
        number(env, MAX_FILE_BYTES, defaults.maxFileBytes(), 1, Long.MAX_VALUE),
        (int)
            number(
                env, MAX_MESSAGE_BYTES, defaults.maxInboundMessageBytes(), 1, Integer.MAX_VALUE));
  }

  private static long number(
      Map<String, String> env, String key, long fallback, long min, long max) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw new IllegalArgumentException(
        key + ": \"" + raw + "\" (expected: an integer " + min + ".." + max + ")");
  }
}
