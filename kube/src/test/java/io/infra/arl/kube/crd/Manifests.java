package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.JSON;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's YAML manifests as JSON, the way kubectl sends them. */
final class Manifests {

  private Manifests() {}

  /** The repository's {@code deploy/} directory, found from the working directory upwards. */
  static Path deployDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy").resolve("crds"))) {
        return dir.resolve("deploy");
      }
    }
    throw new IllegalStateException("No deploy/ above " + Path.of("").toAbsolutePath());
  }

  /** Every document of a YAML file, as JSON text. */
  static List<String> json(Path file) {
    List<String> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        if (document instanceof Map<?, ?>) {
          documents.add(JSON.getGson().toJson(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
    return documents;
  }

  /** The single document of an example file, as a typed object. */
  static <T> T example(String file, Class<T> type) {
    return new JSON()
        .deserialize(json(deployDir().resolve("examples").resolve(file)).getFirst(), type);
  }
}
