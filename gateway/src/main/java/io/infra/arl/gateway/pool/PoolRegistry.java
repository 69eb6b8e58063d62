package io.infra.arl.gateway.pool;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pools this gateway serves, by name. */
public final class PoolRegistry {
  private final Map<String, SandboxPool> pools = new LinkedHashMap<>();

  public PoolRegistry(Collection<? extends SandboxPool> pools) {
    pools.forEach(p -> this.pools.put(p.name(), p));
  }

  /** The named pool, or NOT_FOUND listing the known ones. */
  public SandboxPool get(String name) {
    SandboxPool pool = pools.get(name);
    if (pool == null) {
      throw new GatewayException(
          Failure.NOT_FOUND, "pool " + quote(name) + " not found (known pools: " + names() + ")");
    }
    return pool;
  }

  public Collection<SandboxPool> all() {
    return pools.values();
  }

  private String names() {
    return String.join(", ", pools.keySet());
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
