package io.infra.arl.testing.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pinned tool versions from {@code tools/versions.env}, the one source of truth shared with the
 * build script (the testing jar carries a copy of the file as a classpath resource).
 *
 * @param versions version by key, e.g. {@code KUBERNETES_VERSION -> v1.34.4}
 */
public record ToolVersions(Map<String, String> versions) {

  static final String RESOURCE = "versions.env";

  /** Copies the map so the record stays immutable. */
  public ToolVersions {
    versions = Map.copyOf(versions);
  }

  /** Loads the versions the testing jar was built with. */
  public static ToolVersions load() {
    try (InputStream in = ToolVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Missing classpath resource io/infra/arl/testing/tools/versions.env"
                + " (copied from tools/versions.env by the testing module build)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + RESOURCE, e);
    }
  }

  /** Parses {@code KEY=value} lines; blank lines and {@code #} comments are ignored. */
  public static ToolVersions parse(String text) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || eq == line.length() - 1) {
        throw new IllegalArgumentException(
            "versions.env: bad line '" + line + "' (expected: KEY=value)");
      }
      versions.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new ToolVersions(versions);
  }

  /** The pinned version of {@code tool}. */
  public String of(Tool tool) {
    String version = versions.get(tool.versionKey());
    if (version == null) {
      throw new IllegalStateException(
          "versions.env has no "
              + tool.versionKey()
              + " (the version of "
              + tool.executable()
              + ")");
    }
    return version;
  }
}
