package io.infra.arl.gateway.claim;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unguessable lease tokens (the secret an agent presents for its sandbox) without a shared lock:
 * the default {@link SecureRandom} on Linux (NativePRNG) serialises every caller on one global
 * monitor, which showed as the most contended lock of the claim path. Tokens come instead from a
 * few independent DRBG generators (NIST SP 800-90A, each seeded from the system's entropy source),
 * picked at random per call, so concurrent claims rarely meet on one.
 */
final class LeaseTokens {
  private static final int TOKEN_BYTES = 16;

  private final SecureRandom[] generators;

  LeaseTokens() {
    generators = new SecureRandom[Math.max(4, 2 * Runtime.getRuntime().availableProcessors())];
    for (int i = 0; i < generators.length; i++) {
      generators[i] = newGenerator();
    }
  }

  /** A new token: 128 random bits, URL-safe Base64 without padding. */
  String next() {
    byte[] bytes = new byte[TOKEN_BYTES];
    generators[ThreadLocalRandom.current().nextInt(generators.length)].nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) { // every JDK since 9 has DRBG: this is a broken JDK
      throw new IllegalStateException("no DRBG SecureRandom in this JDK", e);
    }
  }
}
