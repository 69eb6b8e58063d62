package io.infra.arl.loadtest.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one gateway under test.
 *
 * @param name for logs and file names, e.g. {@code claim-latency}
 * @param replicas ready sandboxes kept in pool {@code default}
 * @param redisUri Redis for leases, or empty for the in-memory lease store
 * @param jvmOptions options of the gateway's JVM
 * @param jfrRecording where a JFR recording (settings {@code default}) is dumped when the gateway
 *     stops, or {@code null} for none
 * @param properties extra configuration keys ({@code arl.gateway.*} and the like)
 */
public record GatewaySettings(
    String name,
    int replicas,
    String redisUri,
    List<String> jvmOptions,
    Path jfrRecording,
    Map<String, String> properties) {

  /** Defensive copies. */
  public GatewaySettings {
    jvmOptions = List.copyOf(jvmOptions);
    properties = Map.copyOf(properties);
  }

  /** These settings with another pool size. */
  public GatewaySettings withReplicas(int n) {
    return new GatewaySettings(name, n, redisUri, jvmOptions, jfrRecording, properties);
  }

  /** These settings with another name. */
  public GatewaySettings withName(String n) {
    return new GatewaySettings(n, replicas, redisUri, jvmOptions, jfrRecording, properties);
  }

  /** These settings with {@code more} configuration keys (replacing equal keys). */
  public GatewaySettings withProperties(Map<String, String> more) {
    Map<String, String> merged = new HashMap<>(properties);
    merged.putAll(more);
    return new GatewaySettings(name, replicas, redisUri, jvmOptions, jfrRecording, merged);
  }

  /** These settings dumping a JFR recording to {@code file} (or none for {@code null}). */
  public GatewaySettings withJfr(Path file) {
    return new GatewaySettings(name, replicas, redisUri, jvmOptions, file, properties);
  }
}
