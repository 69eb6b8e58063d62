package io.infra.arl.gateway.sandbox;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sandboxes held through this gateway, by id. */
@Singleton
public class SandboxRegistry {
  private final ConcurrentHashMap<String, HeldSandbox> held = new ConcurrentHashMap<>();

  public void add(HeldSandbox sandbox) {
    held.put(sandbox.id(), sandbox);
  }

  public Optional<HeldSandbox> find(String id) {
    return Optional.ofNullable(held.get(id));
  }

  /**
   * The sandbox with this id if the token is its lease token.
   *
   * @throws GatewayException INVALID_ARGUMENT for an empty id or token, NOT_FOUND for an unknown or
   *     released sandbox, DENIED for a wrong token
   */
  public HeldSandbox authorize(String id, String leaseToken) {
    if (id.isEmpty()) {
      throw GatewayException.invalid("sandbox.id", "\"\"", "the id from Claim or SessionOpened");
    }
    if (leaseToken.isEmpty()) {
      throw GatewayException.invalid(
          "sandbox.leaseToken", "\"\"", "the lease token from Claim or SessionOpened");
    }
    HeldSandbox sandbox = held.get(id);
    if (sandbox == null || sandbox.isReleased()) {
      throw new GatewayException(
          Failure.NOT_FOUND, "sandbox " + id + " not found (released, expired or never claimed)");
    }
    if (!MessageDigest.isEqual(
        sandbox.leaseToken().getBytes(StandardCharsets.UTF_8),
        leaseToken.getBytes(StandardCharsets.UTF_8))) {
      throw new GatewayException(
          Failure.DENIED, "sandbox " + id + ": the lease token does not match its lease");
    }
    return sandbox;
  }

  boolean remove(HeldSandbox sandbox) {
    return held.remove(sandbox.id(), sandbox);
  }

  public Collection<HeldSandbox> all() {
    return held.values();
  }

  public int size() {
    return held.size();
  }
}
