package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the sidecar image starts the sidecar's JVM, read from the files the image is built from
 * (deploy/docker/sidecar): the options of {@code jvm.options} and the environment defaults the
 * launcher {@code arl-sidecar} exports. Benchmarks run the sidecar with these, so what is measured
 * is what ships.
 *
 * @param options JVM options, in file order
 * @param environment variables the launcher sets unless the pod sets them
 */
public record SidecarImageJvm(List<String> options, Map<String, String> environment) {
  private static final Path DIR = Path.of("deploy/docker/sidecar");

  // The launcher's `export NAME="${NAME:-default}"` lines: a default the pod may override.
  private static final Pattern EXPORTED_DEFAULT =
      Pattern.compile("^export ([A-Z_][A-Z0-9_]*)=\"\\$\\{\\1:-([^}]*)}\"$", Pattern.MULTILINE);

  /** Defensive copies. */
  public SidecarImageJvm {
    options = List.copyOf(options);
    environment = Map.copyOf(environment);
  }

  /**
   * Reads the image's files from a checkout.
   *
   * @throws UncheckedIOException when a file is missing or unreadable
   */
  public static SidecarImageJvm read(Path repositoryRoot) {
    Path dir = repositoryRoot.resolve(DIR);
    try {
      return new SidecarImageJvm(
          parseOptions(Files.readString(dir.resolve("jvm.options"))),
          parseLauncherDefaults(Files.readString(dir.resolve("arl-sidecar"))));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the sidecar image's JVM setup in " + dir, e);
    }
  }

  /**
   * The options of a JVM argument file with one option per line (as jvm.options is written); {@code
   * #} comment lines, which argument files allow, are skipped.
   */
  public static List<String> parseOptions(String argumentFile) {
    return argumentFile
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** The {@code export NAME="${NAME:-default}"} defaults of a launcher script, in order. */
  public static Map<String, String> parseLauncherDefaults(String script) {
    Map<String, String> defaults = new LinkedHashMap<>();
    Matcher matcher = EXPORTED_DEFAULT.matcher(script);
    while (matcher.find()) {
      defaults.put(matcher.group(1), matcher.group(2));
    }
    return defaults;
  }
}
