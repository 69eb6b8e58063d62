package io.infra.arl.gateway.auth;

import io.grpc.Context;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import java.util.Set;

/**
 * Who is calling, and which pools they may use.
 *
 * @param name tenant name
 * @param pools pool names; {@code *} allows every pool
 */
public record Tenant(String name, Set<String> pools) {
  /** The caller when authentication is off. */
  public static final Tenant ANONYMOUS = new Tenant("anonymous", Set.of("*"));

  static final Context.Key<Tenant> CONTEXT_KEY = Context.keyWithDefault("arl-tenant", ANONYMOUS);

  public Tenant {
    pools = Set.copyOf(pools);
  }

  /** The tenant of the current gRPC call. */
  public static Tenant current() {
    return CONTEXT_KEY.get();
  }

  public boolean mayUse(String pool) {
    return pools.contains("*") || pools.contains(pool);
  }

  /** Throws DENIED unless the tenant may use the pool. */
  public void requirePool(String pool) {
    if (!mayUse(pool)) {
      throw new GatewayException(
          Failure.DENIED, "tenant " + name + " may not use pool \"" + pool + "\"");
    }
  }
}
