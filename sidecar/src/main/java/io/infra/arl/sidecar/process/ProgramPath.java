package io.infra.arl.sidecar.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds programs the way {@code execvp} does: on {@code PATH}, or by path when the name has a
 * slash.
 */
public final class ProgramPath {

  private ProgramPath() {}

  /**
   * Resolves a program name.
   *
   * @param name {@code sh}, {@code ./run.sh} or {@code /usr/bin/env}
   * @param path the {@code PATH} value to search (may be null)
   * @param directory the working directory, for names with a slash that are relative
   * @return the executable file, or empty when there is none
   */
  public static Optional<Path> find(String name, String path, Path directory) {
    try {
      if (name.contains("/")) {
        return executable(directory.resolve(name));
      }
      String searched = path == null || path.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : path;
      for (String dir : searched.split(File.pathSeparator)) {
        Optional<Path> found =
            executable(directory.resolve(dir.isEmpty() ? "." : dir).resolve(name));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** Like {@link #find} with the sidecar's own {@code PATH}, failing when it is missing. */
  static Path require(String name) {
    return find(name, System.getenv("PATH"), Path.of("/"))
        .orElseThrow(() -> new IllegalStateException("The sidecar needs " + name + " on PATH"));
  }

  private static Optional<Path> executable(Path candidate) {
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? Optional.of(candidate)
        : Optional.empty();
  }
}
