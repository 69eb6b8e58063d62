package io.infra.arl.lease;

import java.time.Duration;
import java.util.List;

/**
 * Argument checks shared by every {@link LeaseStore} implementation, so that all of them reject the
 * same input with the same message: {@code <argument>: <value> (expected: <rule>)}.
 */
public final class LeaseArguments {

  /**
   * Most candidates one {@link LeaseStore#acquireFirst} call may name. The Redis script inspects
   * each one while Redis serves nobody else, so callers pass a small sample of ready sandboxes, not
   * the whole pool.
   */
  public static final int MAX_CANDIDATES = 1024;

  private LeaseArguments() {}

  /** Returns the candidates if there are 1 to {@link #MAX_CANDIDATES} non-blank ids. */
  public static List<String> requireCandidates(List<String> candidateIds) {
    if (candidateIds == null || candidateIds.isEmpty()) {
      throw new IllegalArgumentException(
          "candidateIds: " + candidateIds + " (expected: at least one sandbox id)");
    }
    if (candidateIds.size() > MAX_CANDIDATES) {
      throw new IllegalArgumentException(
          "candidateIds: "
              + candidateIds.size()
              + " ids (expected: at most "
              + MAX_CANDIDATES
              + ")");
    }
    for (int i = 0; i < candidateIds.size(); i++) {
      String id = candidateIds.get(i);
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(
            "candidateIds[" + i + "]: " + quote(id) + " (expected: a non-blank sandbox id)");
      }
    }
    return candidateIds;
  }

  /** Returns the sandbox id if it is not blank. */
  public static String requireSandboxId(String sandboxId) {
    return requireNonBlank("sandboxId", sandboxId);
  }

  /** Returns the owner if it is not blank. */
  public static String requireOwner(String owner) {
    return requireNonBlank("owner", owner);
  }

  /** Returns the ttl if it is at least one millisecond (the resolution of Redis expiry). */
  public static Duration requireTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
    if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= 1 ms)");
    }
    return ttl;
  }

  private static String requireNonBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": " + quote(value) + " (expected: non-blank)");
    }
    return value;
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
