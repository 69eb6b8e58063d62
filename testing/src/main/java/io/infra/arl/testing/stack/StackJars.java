package io.infra.arl.testing.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runnable jars of the stack, as {@code ./mvnw package} leaves them (each with its {@code
 * lib/}).
 *
 * @param gateway the gateway jar
 * @param operator the operator jar
 */
record StackJars(Path gateway, Path operator) {

  static StackJars in(Path repo) throws IOException {
    return new StackJars(
        find(repo.resolve("gateway/target")), find(repo.resolve("operator/target")));
  }

  private static Path find(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        var jar =
            files
                .filter(f -> f.getFileName().toString().matches("[a-z]+-[0-9].*-SNAPSHOT\\.jar"))
                .findFirst();
        if (jar.isPresent() && Files.isDirectory(target.resolve("lib"))) {
          return jar.get();
        }
      }
    }
    throw new IllegalStateException(
        "no runnable jar in "
            + target
            + ": run ./mvnw -pl gateway,operator -am package -DskipTests first");
  }
}
