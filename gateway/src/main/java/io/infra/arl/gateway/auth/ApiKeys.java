package io.infra.arl.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys and the tenants they stand for. Keys are held only as SHA-256 digests, so a heap dump
 * shows no key, and a lookup by digest leaks nothing through timing.
 */
public final class ApiKeys {
  private final Map<String, Tenant> byDigest = new HashMap<>();

  public ApiKeys(List<TenantConfig> tenants) {
    for (TenantConfig config : tenants) {
      Tenant tenant = new Tenant(config.name(), new HashSet<>(config.pools()));
      for (String key : config.apiKeys()) {
        if (key.isBlank()) {
          continue;
        }
        if (byDigest.putIfAbsent(digest(key), tenant) != null) {
          throw new IllegalStateException(
              "arl.gateway.auth.tenants." + config.name() + ".api-keys: a key is used twice");
        }
      }
    }
  }

  public boolean isEmpty() {
    return byDigest.isEmpty();
  }

  /** The tenant a presented key belongs to. */
  public Optional<Tenant> tenant(String key) {
    return Optional.ofNullable(byDigest.get(digest(key)));
  }

  private static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
