package io.infra.arl.loadtest.tools;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One of the ghz configs of {@code loadtest/ghz/} (the same files are on the class path), filled in
 * for a run: target, rate, duration, report path, and the sandbox id and lease token in place of
 * {@code @SANDBOX_ID@} and {@code @LEASE_TOKEN@}.
 */
public final class GhzConfig {
  /** The scenarios, by file name without {@code .json}, in run order. */
  public static final List<String> SCENARIOS =
      List.of("claim", "exec-true", "exec-echo", "write-files", "read-file");

  private final String name;
  private final JsonObject template;

  private GhzConfig(String name, JsonObject template) {
    this.name = name;
    this.template = template;
  }

  /** Loads {@code loadtest/ghz/<name>.json} from the class path. */
  public static GhzConfig load(String name) {
    String resource = "/io/infra/arl/loadtest/ghz/" + name + ".json";
    try (InputStream in = GhzConfig.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no ghz config " + resource + " on the class path");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new GhzConfig(name, JsonParser.parseString(text).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + resource, e);
    }
  }

  /** The scenario's name. */
  public String name() {
    return name;
  }

  /** The rate the file asks for. */
  public double rate() {
    return template.get("rps").getAsDouble();
  }

  /** The config for a run, as JSON text for {@code ghz --config}. */
  public String filled(
      String target, double rate, Duration duration, Path output, String sandboxId, String token) {
    JsonObject config = template.deepCopy();
    config.addProperty("host", target);
    config.addProperty("rps", Math.max(1, Math.round(rate)));
    config.addProperty("duration", duration.toMillis() + "ms");
    config.addProperty("output", output.toString());
    String data =
        config
            .get("data")
            .toString()
            .replace("@SANDBOX_ID@", sandboxId)
            .replace("@LEASE_TOKEN@", token);
    config.add("data", JsonParser.parseString(data));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(config);
  }
}
