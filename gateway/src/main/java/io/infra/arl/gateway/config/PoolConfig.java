package io.infra.arl.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * One warm pool of the local backend, under {@code arl.pools.<name>}.
 *
 * @param name the pool name agents claim from
 * @param replicas ready, unclaimed sandboxes to keep (claimed ones do not count)
 * @param idleTimeoutSeconds default idle timeout of sandboxes claimed from this pool
 * @param ttlSeconds default absolute lifetime of sandboxes claimed from this pool
 */
@EachProperty(PoolConfig.PREFIX)
public record PoolConfig(
    @Parameter String name,
    @Bindable(defaultValue = "2") int replicas,
    @Bindable(defaultValue = "300") int idleTimeoutSeconds,
    @Bindable(defaultValue = "3600") int ttlSeconds) {

  public static final String PREFIX = "arl.pools";
}
