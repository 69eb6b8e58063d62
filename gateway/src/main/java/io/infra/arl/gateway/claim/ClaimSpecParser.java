package io.infra.arl.gateway.claim;

import io.infra.arl.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Turns the wire form of a claim into a {@link ClaimSpec}, refusing anything out of range with a
 * message that names the field, the value and what was expected.
 */
public final class ClaimSpecParser {
  static final int MAX_IDLE_TIMEOUT_SECONDS = 86_400;
  static final int MAX_TTL_SECONDS = 604_800;
  static final int MAX_CLAIM_TIMEOUT_MS = 300_000;
  static final int MAX_LABELS = 32;
  static final int MAX_LABEL_BYTES = 63;
  static final int MAX_POOL_NAME = 253;

  private ClaimSpecParser() {}

  /** Validates and converts; throws INVALID_ARGUMENT on the first bad field. */
  public static ClaimSpec parse(io.infra.arl.api.gateway.v1.ClaimSpec spec) {
    String pool = spec.getPool();
    if (pool.isEmpty() || pool.length() > MAX_POOL_NAME) {
      throw GatewayException.invalid(
          "spec.pool", '"' + pool + '"', "a pool name of 1.." + MAX_POOL_NAME + " characters");
    }
    int idle =
        range("spec.idleTimeoutSeconds", spec.getIdleTimeoutSeconds(), MAX_IDLE_TIMEOUT_SECONDS);
    int ttl = range("spec.ttlSeconds", spec.getTtlSeconds(), MAX_TTL_SECONDS);
    int wait = range("spec.claimTimeoutMs", spec.getClaimTimeoutMs(), MAX_CLAIM_TIMEOUT_MS);
    checkLabels(spec.getLabelsMap());
    return new ClaimSpec(
        pool,
        Duration.ofSeconds(idle),
        Duration.ofSeconds(ttl),
        spec.getLabelsMap(),
        Duration.ofMillis(wait));
  }

  /** Checks {@code 0 <= value <= max}; 0 stands for the default. */
  public static int range(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw GatewayException.invalid(field, value, "0.." + max + ", 0 = default");
    }
    return value;
  }

  private static void checkLabels(Map<String, String> labels) {
    if (labels.size() > MAX_LABELS) {
      throw GatewayException.invalid(
          "spec.labels", labels.size() + " labels", "at most " + MAX_LABELS);
    }
    labels.forEach(
        (key, value) -> {
          if (key.isEmpty() || bytes(key) > MAX_LABEL_BYTES) {
            throw GatewayException.invalid(
                "spec.labels", "key \"" + key + '"', "1.." + MAX_LABEL_BYTES + " bytes");
          }
          if (bytes(value) > MAX_LABEL_BYTES) {
            throw GatewayException.invalid(
                "spec.labels[" + key + "]", bytes(value) + " bytes", "at most " + MAX_LABEL_BYTES);
          }
        });
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
