package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A module's own runnable jar ({@code <module>/target/<module>-<version>.jar} with its {@code
 * lib/}), as its image would run it, copied for the run. The systems under test run from it when it
 * is fresh: the harness's class path carries much more (the Kubernetes client, the other module),
 * which costs resident memory and makes every missed class or resource lookup scan more jars.
 */
public final class ModuleJar {
  private ModuleJar() {}

  /** A private copy of the sidecar's jar and lib/ under {@code into}, if the jar is fresh. */
  public static Optional<Path> sidecar(Path repositoryRoot, Path into) {
    return fresh(repositoryRoot, "sidecar", List.of("sidecar", "api-proto"))
        .map(jar -> copy(jar, into.resolve("sidecar")));
  }

  /** A private copy of the gateway's jar and lib/ under {@code into}, if the jar is fresh. */
  public static Optional<Path> gateway(Path repositoryRoot, Path into) {
    return fresh(repositoryRoot, "gateway", List.of("gateway", "sidecar", "lease", "api-proto"))
        .map(jar -> copy(jar, into.resolve("gateway")));
  }

  // Other engineers rebuild module jars in the same working tree: a JVM whose jar is replaced
  // while it runs fails with NoClassDefFoundError. The run uses its own copy instead.
  private static Path copy(Path jar, Path dir) {
    try {
      Path lib = Files.createDirectories(dir.resolve("lib"));
      try (Stream<Path> libs = Files.list(jar.resolveSibling("lib"))) {
        for (Path file : libs.toList()) {
          Files.copy(file, lib.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy " + jar + " to " + dir, e);
    }
  }

  /**
   * The jar of {@code module}, if it exists and is newer than every source and pom of the modules
   * it is built from.
   */
  static Optional<Path> fresh(Path repositoryRoot, String module, List<String> builtFrom) {
    Path target = repositoryRoot.resolve(module + "/target");
    if (!Files.isDirectory(target.resolve("lib"))) {
      return Optional.empty();
    }
    try (Stream<Path> jars = Files.list(target)) {
      Optional<Path> jar =
          jars.filter(p -> p.getFileName().toString().matches(module + "-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().contains("sources"))
              .findFirst();
      if (jar.isEmpty()) {
        return Optional.empty();
      }
      FileTime built = Files.getLastModifiedTime(jar.get());
      // The pom too: it sets what the jar carries (its manifest, its lib/).
      List<Path> sources =
          builtFrom.stream()
              .flatMap(
                  m ->
                      Stream.of(
                          repositoryRoot.resolve(m + "/src"),
                          repositoryRoot.resolve(m + "/pom.xml")))
              .toList();
      return newerThan(sources, built) ? Optional.empty() : jar;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look for the " + module + " jar in " + target, e);
    }
  }

  private static boolean newerThan(List<Path> paths, FileTime built) throws IOException {
    for (Path path : paths) {
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(path)) { // a file walks as itself
        if (files.anyMatch(f -> modified(f).compareTo(built) > 0)) {
          return true;
        }
      }
    }
    return false;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
