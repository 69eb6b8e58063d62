package io.infra.arl.operator.it;

import io.infra.arl.kube.crd.WarmPool;
import io.kubernetes.client.openapi.JSON;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's {@code deploy/examples/}, read the way kubectl reads them. */
final class Examples {

  private Examples() {}

  /** The directory, found from the working directory upwards. */
  static Path dir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path examples = dir.resolve("deploy").resolve("examples");
      if (Files.isDirectory(examples)) {
        return examples;
      }
    }
    throw new IllegalStateException("No deploy/examples/ above " + Path.of("").toAbsolutePath());
  }

  /** The single document of an example file, as JSON text. */
  static String json(String file) {
    try (Reader reader = Files.newBufferedReader(dir().resolve(file))) {
      Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (!(document instanceof Map<?, ?>)) {
        throw new IllegalStateException(file + " is not one YAML object");
      }
      return JSON.getGson().toJson(document);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  /** The quick-start pool, as a typed object. */
  static WarmPool quickStartPool() {
    return new JSON().deserialize(json("warmpool.yaml"), WarmPool.class);
  }
}
