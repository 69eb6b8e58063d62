package io.infra.arl.testing.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the directories tests and benchmarks create (workspaces, work dirs, copies). */
public final class FileTrees {
  private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {}

  /**
   * Deletes {@code dir} and everything in it, deepest first; a missing directory is fine. What
   * cannot be deleted (e.g. a file another process still writes) is left and logged, never thrown:
   * cleanup must not hide the outcome of the test that ran before it.
   *
   * @return whether nothing is left
   */
  public static boolean delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Left directory dir={} error={}", dir, e.toString());
    }
    return !Files.exists(dir);
  }
}
