package io.infra.arl.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module directory the tests run in. */
public final class RepoRoot {
  private RepoRoot() {}

  /** The directory with {@code deploy/crds} and {@code mvnw}, from here upwards. */
  public static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy/crds"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (with deploy/crds and mvnw) above " + Path.of("").toAbsolutePath());
  }
}
