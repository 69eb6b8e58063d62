package io.infra.arl.gateway.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The local backend's pools, closed together when the gateway stops.
 *
 * @param pools the pools
 * @param workspaceDir this gateway's workspace directory, deleted at close
 */
public record LocalPools(List<LocalSandboxPool> pools, Path workspaceDir) implements AutoCloseable {
  @Override
  public void close() {
    pools.forEach(LocalSandboxPool::close);
    Workspaces.deleteRecursively(workspaceDir);
  }
}
