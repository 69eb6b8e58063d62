package io.infra.arl.gateway.config;

import io.infra.arl.kube.crd.ReleasePolicy;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * One warm pool of the local backend, under {@code arl.pools.<name>}.
 *
 * @param name the pool name agents claim from
 * @param replicas ready, unclaimed sandboxes to keep (claimed ones do not count)
 * @param idleTimeoutSeconds default idle timeout of sandboxes claimed from this pool
 * @param ttlSeconds default absolute lifetime of sandboxes claimed from this pool
 * @param releasePolicy what happens to a released sandbox, as in a WarmPool: {@code Reset} (the
 *     default here: processes killed, workspace emptied, offered again) or {@code Delete}
 *     (destroyed, a new one created). A local sandbox owns nothing but its workspace and its
 *     processes, so a reset one is as clean as a new one (ADR 0026).
 * @param scaleDownDelaySeconds how long sandboxes returned beyond {@code replicas} are kept before
 *     the excess is destroyed (returned sandboxes serve the next claims without a creation)
 */
@EachProperty(PoolConfig.PREFIX)
public record PoolConfig(
    @Parameter String name,
    @Bindable(defaultValue = "2") int replicas,
    @Bindable(defaultValue = "300") int idleTimeoutSeconds,
    @Bindable(defaultValue = "3600") int ttlSeconds,
    @Bindable(defaultValue = "Reset") ReleasePolicy releasePolicy,
    @Bindable(defaultValue = "10") int scaleDownDelaySeconds) {

  public static final String PREFIX = "arl.pools";

  /** Refuses sizes and delays no pool can have, naming the key. */
  public PoolConfig {
    requireAtLeast(name, "replicas", replicas, 0);
    requireAtLeast(name, "idle-timeout-seconds", idleTimeoutSeconds, 1);
    requireAtLeast(name, "ttl-seconds", ttlSeconds, 1);
    requireAtLeast(name, "scale-down-delay-seconds", scaleDownDelaySeconds, 0);
  }

  private static void requireAtLeast(String pool, String key, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(
          PREFIX + "." + pool + "." + key + ": " + value + " (expected: >= " + least + ")");
    }
  }

  /** A pool with every default but its name and size. */
  public static PoolConfig of(String name, int replicas) {
    return new PoolConfig(name, replicas, 300, 3600, ReleasePolicy.RESET, 10);
  }

  /** {@link #scaleDownDelaySeconds()} as a duration. */
  public Duration scaleDownDelay() {
    return Duration.ofSeconds(scaleDownDelaySeconds);
  }
}
