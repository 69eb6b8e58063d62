package io.infra.arl.gateway.pool;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The pools this gateway serves, by name. Pools of the local backend are fixed at start; those of
 * the Kubernetes backend come and go with WarmPool objects.
 */
public final class PoolRegistry {
  private final ConcurrentSkipListMap<String, SandboxPool> pools = new ConcurrentSkipListMap<>();
  private final List<Consumer<SandboxPool>> addListeners = new CopyOnWriteArrayList<>();

  public PoolRegistry(Collection<? extends SandboxPool> pools) {
    pools.forEach(p -> this.pools.put(p.name(), p));
  }

  /** The named pool, or NOT_FOUND listing the known ones. */
  public SandboxPool get(String name) {
    SandboxPool pool = pools.get(name);
    if (pool == null) {
      throw new GatewayException(
          Failure.NOT_FOUND, "pool \"" + name + "\" not found (known pools: " + names() + ")");
    }
    return pool;
  }

  /** Adds or replaces a pool; listeners see every pool once, now or when it is added. */
  public void put(SandboxPool pool) {
    if (pools.put(pool.name(), pool) == null) {
      addListeners.forEach(l -> l.accept(pool));
    }
  }

  /** Forgets a pool (its WarmPool was deleted). */
  public void remove(String name) {
    pools.remove(name);
  }

  /** Calls {@code listener} for every pool, present and future. */
  public void onAdded(Consumer<SandboxPool> listener) {
    addListeners.add(listener);
    pools.values().forEach(listener);
  }

  public Collection<SandboxPool> all() {
    return pools.values();
  }

  private String names() {
    return pools.isEmpty() ? "none" : String.join(", ", pools.keySet());
  }
}
