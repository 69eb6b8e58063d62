package io.infra.arl.testing.kube;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionCondition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionStatus;
import io.kubernetes.client.util.PatchUtils;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Installs every CustomResourceDefinition found in the {@code *.yaml} / {@code *.yml} files of a
 * directory and waits until each is {@code Established} (servable).
 *
 * <p>Uses server-side apply with a fixed field manager, so installing the same directory again
 * (from another test class sharing the cluster) is an idempotent update, not a conflict.
 */
final class CrdInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(CrdInstaller.class);
  private static final String FIELD_MANAGER = "arl-testing";
  private static final String CRD_KIND = "CustomResourceDefinition";
  private static final Duration ESTABLISH_TIMEOUT = Duration.ofSeconds(30);

  private final ApiClient client;
  private final ApiextensionsV1Api api;

  CrdInstaller(ApiClient client) {
    this.client = client;
    this.api = new ApiextensionsV1Api(client);
  }

  /** Applies every CRD in {@code dir}; returns their names once all are established. */
  List<String> install(Path dir) {
    List<String> names = new ArrayList<>();
    for (Path file : yamlFiles(dir)) {
      for (Map<String, Object> crd : load(file)) {
        names.add(apply(crd, file));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("No CustomResourceDefinition in " + dir.toAbsolutePath());
    }
    names.forEach(this::awaitEstablished);
    LOG.info("Installed CRDs dir={} names={}", dir, names);
    return names;
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list CRD directory " + dir.toAbsolutePath(), e);
    }
  }

  // Raw maps, not client-java models: the typed YAML loader cannot map fields such as
  // x-kubernetes-validations, and the apiserver must see the file exactly as written.
  private static List<Map<String, Object>> load(Path file) {
    List<Map<String, Object>> crds = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        if (document == null) {
          continue;
        }
        if (!(document instanceof Map<?, ?> map) || !CRD_KIND.equals(map.get("kind"))) {
          throw new IllegalArgumentException(
              file
                  + " holds a document that is not a CustomResourceDefinition"
                  + " (expected: only apiextensions.k8s.io/v1 CustomResourceDefinition)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> crd = (Map<String, Object>) map;
        crds.add(crd);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
    return crds;
  }

  private String apply(Map<String, Object> crd, Path file) {
    String name = String.valueOf(((Map<?, ?>) crd.get("metadata")).get("name"));
    // JSON is YAML, so the apply-patch+yaml content type accepts it unchanged.
    V1Patch body = new V1Patch(JSON.getGson().toJson(crd));
    try {
      PatchUtils.patch(
          V1CustomResourceDefinition.class,
          () ->
              api.patchCustomResourceDefinition(name, body)
                  .fieldManager(FIELD_MANAGER)
                  .force(true)
                  .buildCall(null),
          V1Patch.PATCH_FORMAT_APPLY_YAML,
          client);
      return name;
    } catch (ApiException e) {
      throw new IllegalStateException(
          "The apiserver refused CRD " + name + " from " + file + ": " + e.getResponseBody(), e);
    }
  }

  private void awaitEstablished(String name) {
    Awaitility.await("CRD " + name + " established")
        .atMost(ESTABLISH_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> isEstablished(api.readCustomResourceDefinition(name).execute()));
  }

  private static boolean isEstablished(V1CustomResourceDefinition crd) {
    V1CustomResourceDefinitionStatus status = crd.getStatus();
    if (status == null || status.getConditions() == null) {
      return false;
    }
    for (V1CustomResourceDefinitionCondition condition : status.getConditions()) {
      if ("Established".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return true;
      }
    }
    return false;
  }
}
