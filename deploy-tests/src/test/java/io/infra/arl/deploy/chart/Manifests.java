package io.infra.arl.deploy.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Rendered Kubernetes objects, as plain maps, with the few queries the tests need.
 *
 * @param objects the objects in rendering order (empty documents dropped)
 */
public record Manifests(List<Map<String, Object>> objects) {

  /** Copies the list so the record stays immutable. */
  public Manifests {
    objects = List.copyOf(objects);
  }

  /** Parses a multi-document YAML stream such as helm's output. */
  @SuppressWarnings("unchecked")
  public static Manifests parse(String yaml) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (document instanceof Map<?, ?> map && !map.isEmpty()) {
        objects.add((Map<String, Object>) map);
      }
    }
    return new Manifests(objects);
  }

  /** The objects of {@code kind}. */
  public List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  /** The one object of {@code kind} named {@code name}; throws when there is none. */
  public Map<String, Object> named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> name.equals(field(o, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + kind + " named " + name + " in " + names()));
  }

  /** {@code Kind/namespace/name} of every object, for assertion messages. */
  public List<String> names() {
    return objects.stream()
        .map(
            o ->
                o.get("kind")
                    + "/"
                    + field(o, "metadata.namespace")
                    + "/"
                    + field(o, "metadata.name"))
        .toList();
  }

  /** Every pod spec: of workloads (the chart's own pods) and of WarmPool templates (sandboxes). */
  public List<PodSpec> podSpecs() {
    return Stream.concat(workloadPodSpecs().stream(), sandboxPodSpecs().stream()).toList();
  }

  /** The pod specs of Deployments and StatefulSets. */
  public List<PodSpec> workloadPodSpecs() {
    return objects.stream()
        .filter(o -> List.of("Deployment", "StatefulSet").contains(o.get("kind")))
        .map(o -> new PodSpec(label(o), map(field(o, "spec.template.spec"))))
        .toList();
  }

  /** The pod template specs of WarmPools. */
  public List<PodSpec> sandboxPodSpecs() {
    return ofKind("WarmPool").stream()
        .map(o -> new PodSpec(label(o), map(field(o, "spec.template.spec"))))
        .toList();
  }

  /** The value at a dotted path ({@code spec.template.spec}), or null when any step is missing. */
  public static Object field(Object node, String path) {
    Object current = node;
    for (String step : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(step);
    }
    return current;
  }

  /**
   * The entry {@code key} of a ConfigMap's or Secret's {@code data} or {@code stringData} (keys
   * hold dots, so {@link #field} cannot reach them).
   */
  public static String entry(Map<String, Object> object, String key) {
    Object value = map(object.get("stringData")).get(key);
    return (String) (value != null ? value : map(object.get("data")).get(key));
  }

  /** {@code node} as a map (empty when null). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  /** {@code node} as a list of maps (empty when null). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> maps(Object node) {
    return node == null ? List.of() : (List<Map<String, Object>>) node;
  }

  /** {@code node} as a list of strings (empty when null). */
  public static List<String> strings(Object node) {
    return node == null
        ? List.of()
        : ((List<?>) node).stream().map(o -> Objects.toString(o, null)).toList();
  }

  private static String label(Map<String, Object> object) {
    return object.get("kind") + "/" + field(object, "metadata.name");
  }

  /**
   * One pod spec and where it came from.
   *
   * @param owner {@code Kind/name} of the object that holds it
   * @param spec the pod spec
   */
  public record PodSpec(String owner, Map<String, Object> spec) {

    /** Containers, init containers included. */
    public List<Map<String, Object>> allContainers() {
      return Stream.concat(
              maps(spec.get("initContainers")).stream(), maps(spec.get("containers")).stream())
          .toList();
    }
  }
}
