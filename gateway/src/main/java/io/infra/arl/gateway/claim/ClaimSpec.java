package io.infra.arl.gateway.claim;

import java.time.Duration;
import java.util.Map;

/**
 * A validated claim. Zero durations mean "the pool's default" and are resolved by the claim
 * service.
 *
 * @param pool pool name
 * @param idleTimeout idle timeout, or zero
 * @param ttl absolute lifetime, or zero
 * @param labels labels to record on the sandbox
 * @param claimTimeout how long to wait for a ready sandbox, or zero
 */
public record ClaimSpec(
    String pool,
    Duration idleTimeout,
    Duration ttl,
    Map<String, String> labels,
    Duration claimTimeout) {

  public ClaimSpec {
    labels = Map.copyOf(labels);
  }
}
