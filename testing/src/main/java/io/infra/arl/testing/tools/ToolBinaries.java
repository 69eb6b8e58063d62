package io.infra.arl.testing.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the pinned binaries in the cache that {@code tools/build-tools.sh} fills.
 *
 * <p>{@link #require} is the single place that decides what a test does when a binary is missing:
 * it <em>skips</em> (JUnit assumption) only when the machine has no Go to build it with, and
 * otherwise <em>fails</em> telling the developer to run the script. CI runs the script first, so it
 * never skips.
 */
public final class ToolBinaries {

  /** The script that builds every tool, relative to the repository root. */
  public static final String BUILD_SCRIPT = "tools/build-tools.sh";

  /** Overrides the cache root, for the script and for tests alike. */
  public static final String CACHE_ENV = "ARL_TOOLS_CACHE";

  private static final Path FALLBACK_GO = Path.of("/usr/local/go/bin/go");

  private final Path cacheRoot;
  private final ToolVersions versions;
  private final boolean goOnMachine;

  /**
   * @param cacheRoot the cache root (e.g. {@code ~/.cache/arl-infra})
   * @param versions the pinned versions
   * @param goOnMachine whether the missing binaries could be built here
   */
  public ToolBinaries(Path cacheRoot, ToolVersions versions, boolean goOnMachine) {
    this.cacheRoot = cacheRoot;
    this.versions = versions;
    this.goOnMachine = goOnMachine;
  }

  /** The binaries the way the script sees them: same cache root, same versions, same Go lookup. */
  public static ToolBinaries fromEnvironment() {
    return new ToolBinaries(cacheRoot(System.getenv()), ToolVersions.load(), goOnPath());
  }

  static Path cacheRoot(Map<String, String> env) {
    String override = env.get(CACHE_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "arl-infra");
  }

  private static boolean goOnPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "go")))
        || Files.isExecutable(FALLBACK_GO);
  }

  /** The cache root this instance looks in. */
  public Path cacheRoot() {
    return cacheRoot;
  }

  /** The pinned version of {@code tool}. */
  public String version(Tool tool) {
    return versions.of(tool);
  }

  /** Where the pinned binary of {@code tool} is or would be. */
  public Path path(Tool tool) {
    return tool.pathIn(cacheRoot, versions.of(tool));
  }

  /** Whether the pinned binary of {@code tool} is built. */
  public boolean isInstalled(Tool tool) {
    return Files.isExecutable(path(tool));
  }

  /**
   * Returns the binary of {@code tool}; when it is missing, aborts the calling test (skip) if this
   * machine has no Go, and throws {@link IllegalStateException} (fail) if it does.
   */
  public Path require(Tool tool) {
    Path binary = path(tool);
    if (Files.isExecutable(binary)) {
      return binary;
    }
    String what =
        tool.executable() + " " + version(tool) + " is not built (expected " + binary + ")";
    Assumptions.assumeTrue(
        goOnMachine,
        () -> "Skipped: " + what + " and this machine has no Go to build it; run " + BUILD_SCRIPT);
    throw new IllegalStateException(
        what + ": run " + BUILD_SCRIPT + " " + tool.executable() + " (Go is on this machine)");
  }
}
