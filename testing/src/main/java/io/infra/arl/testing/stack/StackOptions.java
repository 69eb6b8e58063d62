package io.infra.arl.testing.stack;

import io.infra.arl.sidecar.SidecarObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How to start a {@link DevStack}. Start from {@link #defaults()} and change what the run needs.
 *
 * @param namespace the namespace everything runs in
 * @param gateways how many gateways to start
 * @param firstGatewayPort gRPC port of the first gateway, the others follow and each management
 *     port is its gRPC port + 100; {@code 0} picks free ports for all of them
 * @param gatewayProperties extra Micronaut properties of every gateway (override the stack's)
 * @param operatorProperties extra Micronaut properties of the operator (override the stack's)
 * @param jvmOptions JVM options of the gateways and the operator
 * @param observers the sidecar observer of each pod the stand-in serves, by pod name
 * @param examples whether to apply {@code deploy/examples/warmpool.yaml} once started
 */
public record StackOptions(
    String namespace,
    int gateways,
    int firstGatewayPort,
    Map<String, String> gatewayProperties,
    Map<String, String> operatorProperties,
    List<String> jvmOptions,
    Function<String, SidecarObserver> observers,
    boolean examples) {

  public StackOptions {
    if (gateways < 1) {
      throw new IllegalArgumentException("a stack needs at least one gateway, got " + gateways);
    }
    gatewayProperties = Map.copyOf(gatewayProperties);
    operatorProperties = Map.copyOf(operatorProperties);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** Namespace {@code arl}, two gateways on 9090 and 9091, the example pool, small heaps. */
  public static StackOptions defaults() {
    return new StackOptions(
        "arl",
        2,
        9090,
        Map.of(),
        Map.of(),
        // Full tiered compilation: tried C1 only (less compile work at start), but over a run of
        // minutes the chaos test went slower with it.
        List.of("-Xmx256m", "-XX:+UseSerialGC"),
        pod -> SidecarObserver.NONE,
        true);
  }

  public StackOptions withNamespace(String value) {
    return with(d -> d.namespace = value);
  }

  /** {@code count} gateways from {@code firstPort} ({@code 0}: free ports). */
  public StackOptions withGateways(int count, int firstPort) {
    return with(
        d -> {
          d.gateways = count;
          d.firstGatewayPort = firstPort;
        });
  }

  /** Adds a Micronaut property to every gateway. */
  public StackOptions withGatewayProperty(String key, String value) {
    return with(d -> d.gatewayProperties.put(key, value));
  }

  /** Adds a Micronaut property to the operator. */
  public StackOptions withOperatorProperty(String key, String value) {
    return with(d -> d.operatorProperties.put(key, value));
  }

  public StackOptions withJvmOptions(List<String> value) {
    return with(d -> d.jvmOptions = value);
  }

  public StackOptions withObservers(Function<String, SidecarObserver> value) {
    return with(d -> d.observers = value);
  }

  /** Whether to apply the example WarmPool. */
  public StackOptions withExamples(boolean value) {
    return with(d -> d.examples = value);
  }

  /** A copy with {@code change} applied: the record's fields as a mutable draft. */
  private StackOptions with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return new StackOptions(
        draft.namespace,
        draft.gateways,
        draft.firstGatewayPort,
        draft.gatewayProperties,
        draft.operatorProperties,
        draft.jvmOptions,
        draft.observers,
        draft.examples);
  }

  private static final class Draft {
    private String namespace;
    private int gateways;
    private int firstGatewayPort;
    private final Map<String, String> gatewayProperties;
    private final Map<String, String> operatorProperties;
    private List<String> jvmOptions;
    private Function<String, SidecarObserver> observers;
    private boolean examples;

    private Draft(StackOptions options) {
      namespace = options.namespace;
      gateways = options.gateways;
      firstGatewayPort = options.firstGatewayPort;
      gatewayProperties = new HashMap<>(options.gatewayProperties);
      operatorProperties = new HashMap<>(options.operatorProperties);
      jvmOptions = options.jvmOptions;
      observers = options.observers;
      examples = options.examples;
    }
  }
}
