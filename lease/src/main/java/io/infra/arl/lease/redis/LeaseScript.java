package io.infra.arl.lease.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Lua scripts of the lease protocol, read from resources next to this class. */
enum LeaseScript {
  ACQUIRE("acquire.lua"),
  RENEW("renew.lua"),
  RESTORE("restore.lua"),
  RELEASE("release.lua"),
  GET("get.lua");

  private static final String PRELUDE = "owned-token.lua";

  private final String fileName;
  private final String body;
  private final String sha;

  LeaseScript(String fileName) {
    this.fileName = fileName;
    this.body = read(PRELUDE) + "\n" + read(fileName);
    this.sha = sha1(body);
  }

  /** The resource the script was read from, for logs and messages. */
  String fileName() {
    return fileName;
  }

  /** The full script text as sent to SCRIPT LOAD / EVAL (prelude included). */
  String body() {
    return body;
  }

  /** The SHA-1 under which Redis caches the script (what EVALSHA names). */
  String sha() {
    return sha;
  }

  private static String read(String resource) {
    try (InputStream in = LeaseScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Lease script resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read lease script " + resource, e);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
