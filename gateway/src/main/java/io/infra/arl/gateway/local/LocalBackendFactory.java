package io.infra.arl.gateway.local;

import io.infra.arl.gateway.config.GatewayConfig;
import io.infra.arl.gateway.config.GatewayIdentity;
import io.infra.arl.gateway.config.PoolConfig;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.sidecar.SidecarObserver;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the embedded local backend: one {@link LocalSandboxPool} per configured pool, or a pool
 * {@code default} of 2 sandboxes when none is configured. Active unless {@code arl.backend} names
 * another backend.
 */
@Factory
@Requires(property = "arl.backend", value = "local", defaultValue = "local")
public class LocalBackendFactory {

  @Singleton
  @Bean(preDestroy = "close")
  LocalPools localPools(
      List<PoolConfig> configs,
      GatewayConfig gateway,
      GatewayIdentity identity,
      @Nullable SidecarObserver observer,
      SidecarChannels channels) {
    List<PoolConfig> effective = configs.isEmpty() ? List.of(PoolConfig.of("default", 2)) : configs;
    String instanceId = identity.id();
    Path workspaceDir = gateway.workspaceRoot().resolve(instanceId);
    List<LocalSandboxPool> pools = new ArrayList<>();
    for (PoolConfig config : effective) {
      LocalSandboxPool pool =
          new LocalSandboxPool(
              config,
              new LocalSandboxes(
                  config.name(),
                  workspaceDir,
                  instanceId,
                  observer == null ? SidecarObserver.NONE : observer,
                  channels));
      pool.start();
      pools.add(pool);
    }
    return new LocalPools(pools, workspaceDir);
  }

  @Singleton
  PoolRegistry poolRegistry(LocalPools pools) {
    return new PoolRegistry(pools.pools());
  }
}
