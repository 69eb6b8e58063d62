package io.infra.arl.testing.stack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.infra.arl.testing.kube.KubeCluster;
import io.infra.arl.testing.kube.LoopbackPorts;
import io.infra.arl.testing.pods.PodStandIn;
import io.infra.arl.testing.redis.RedisServerProcess;
import io.infra.arl.testing.tools.ToolBinaries;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Everything of a Kubernetes deployment on one machine, for trying the product, end-to-end tests
 * and benchmarks: a real kube-apiserver + etcd, a redis-server, the pod stand-in (a real sidecar
 * per pod on its own 127.0.0.x address, since there is no kubelet), the operator and N gateways as
 * separate JVMs (so they can be killed like real ones). Start it with {@code bin/dev-stack}.
 */
public final class DevStack implements AutoCloseable {
  private final KubeCluster cluster;
  private final RedisServerProcess redis;
  private final PodStandIn standIn;
  private final StackOptions options;
  private final StackJars jars;
  private final int[] grpcPorts;
  private final int[] managementPorts;
  private final JvmProcess[] gateways;
  private JvmProcess operator;

  private DevStack(
      KubeCluster cluster,
      RedisServerProcess redis,
      PodStandIn standIn,
      StackOptions options,
      StackJars jars) {
    this.cluster = cluster;
    this.redis = redis;
    this.standIn = standIn;
    this.options = options;
    this.jars = jars;
    this.grpcPorts = new int[options.gateways()];
    this.managementPorts = new int[options.gateways()];
    this.gateways = new JvmProcess[options.gateways()];
  }

  /**
   * Starts the stack with {@link StackOptions#defaults()} but for the namespace and gateways.
   *
   * @param repo the repository root (jars are taken from its modules' target directories)
   * @param gateways how many gateways to start
   * @param firstGatewayPort gRPC port of the first gateway; the others follow
   */
  public static DevStack start(Path repo, String namespace, int gateways, int firstGatewayPort)
      throws Exception {
    return start(
        repo,
        StackOptions.defaults().withNamespace(namespace).withGateways(gateways, firstGatewayPort));
  }

  /**
   * Starts the stack: apiserver + etcd with the CRDs, the namespace, redis-server, the pod
   * stand-in, the operator and the gateways (each gateway answers once this returns).
   *
   * @param repo the repository root (jars are taken from its modules' target directories)
   */
  public static DevStack start(Path repo, StackOptions options) throws Exception {
    StackJars jars = StackJars.in(repo);
    KubeCluster cluster = KubeCluster.start(ToolBinaries.fromEnvironment());
    RedisServerProcess redis = null;
    PodStandIn standIn = null;
    try {
      cluster.installCrds(repo.resolve("deploy/crds"));
      new CoreV1Api(cluster.apiClient())
          .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(options.namespace())))
          .execute();
      redis = new RedisServerProcess();
      redis.start();
      standIn = PodStandIn.start(cluster.apiClient(), options.namespace(), options.observers());
      DevStack stack = new DevStack(cluster, redis, standIn, options, jars);
      try {
        stack.startOperator();
        for (int i = 0; i < options.gateways(); i++) {
          stack.startGateway(i);
        }
        for (int i = 0; i < options.gateways(); i++) {
          stack.awaitGateway(i);
        }
        if (options.examples()) {
          stack.apply(repo.resolve("deploy/examples/warmpool.yaml"));
        }
      } catch (Exception | Error e) {
        stack.stopProcesses();
        throw e;
      }
      return stack;
    } catch (Exception | Error e) {
      if (standIn != null) {
        standIn.close();
      }
      if (redis != null) {
        redis.close();
      }
      cluster.close();
      throw e;
    }
  }

  /**
   * Fixes gateway {@code index}'s ports on its first start: the configured ones, or free ones
   * picked just before its JVM binds them (picked earlier, another process may take them first).
   */
  private void assignPorts(int index) {
    if (grpcPorts[index] != 0) {
      return;
    }
    if (options.firstGatewayPort() != 0) {
      grpcPorts[index] = options.firstGatewayPort() + index;
      managementPorts[index] = grpcPorts[index] + 100;
      return;
    }
    List<Integer> free = LoopbackPorts.free(2);
    grpcPorts[index] = free.get(0);
    managementPorts[index] = free.get(1);
  }

  private void startOperator() throws IOException {
    Map<String, String> properties = new HashMap<>();
    properties.put("arl.kubernetes.kubeconfig", cluster.kubeconfigPath().toString());
    properties.put("arl.operator.namespace", options.namespace());
    properties.put("arl.redis.uri", redis.uri());
    properties.put("micronaut.server.port", "-1");
    properties.putAll(options.operatorProperties());
    operator = JvmProcess.start("operator", jars.operator(), options.jvmOptions(), properties);
  }

  /**
   * Starts gateway {@code index} (again, after {@link #killGateway}) on its ports; returns once its
   * process runs, not once it answers: see {@link #awaitGateway}.
   */
  public synchronized JvmProcess startGateway(int index) throws IOException {
    JvmProcess running = gateways[index];
    if (running != null && running.isAlive()) {
      throw new IllegalStateException("gateway-" + index + " is running");
    }
    assignPorts(index);
    Map<String, String> properties = new HashMap<>();
    properties.put("arl.backend", "kubernetes");
    properties.put("arl.kubernetes.namespaces", options.namespace());
    properties.put("arl.kubernetes.kubeconfig", cluster.kubeconfigPath().toString());
    properties.put("arl.redis.uri", redis.uri());
    properties.put("arl.gateway.instance-id", "gw" + index);
    properties.put("grpc.server.port", Integer.toString(gatewayPort(index)));
    properties.put("micronaut.server.port", Integer.toString(managementPort(index)));
    properties.putAll(options.gatewayProperties());
    gateways[index] =
        JvmProcess.start("gateway-" + index, jars.gateway(), options.jvmOptions(), properties);
    return gateways[index];
  }

  /** Waits until gateway {@code index} reports healthy on its management port. */
  public void awaitGateway(int index) {
    JvmProcess gateway = gateways[index];
    Awaitility.await(gateway.name() + " healthy")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!gateway.isAlive()) {
                throw new IllegalStateException(gateway.name() + " exited: see " + gateway.log());
              }
              return Health.ok(managementPort(index));
            });
  }

  /** The running process of gateway {@code index} (e.g. for its pid). */
  public synchronized JvmProcess gateway(int index) {
    return gateways[index];
  }

  /** SIGKILL of gateway {@code index}, as a node failure would do it. */
  public synchronized void killGateway(int index) {
    gateways[index].kill();
  }

  /** gRPC port of gateway {@code index} (0 before its first start). */
  public int gatewayPort(int index) {
    return grpcPorts[index];
  }

  /** Management (HTTP: /health, /prometheus) port of gateway {@code index}. */
  public int managementPort(int index) {
    return managementPorts[index];
  }

  /** Creates the ARL object (WarmPool, Sandbox or Task) of a YAML file in the stack's namespace. */
  public void apply(Path yaml) throws IOException {
    Object parsed = Yaml.getSnakeYaml(null).load(Files.readString(yaml));
    JsonObject object = new Gson().toJsonTree(parsed).getAsJsonObject();
    object.getAsJsonObject("metadata").addProperty("namespace", options.namespace());
    String kind = object.get("kind").getAsString();
    String plural =
        switch (kind) {
          case "WarmPool" -> "warmpools";
          case "Sandbox" -> "sandboxes";
          case "Task" -> "tasks";
          default ->
              throw new IllegalArgumentException(yaml + ": not an ARL object (kind " + kind + ")");
        };
    var response =
        new DynamicKubernetesApi("arl.infra.io", "v1alpha1", plural, cluster.apiClient())
            .create(new DynamicKubernetesObject(object));
    if (!response.isSuccess()) {
      throw new IllegalStateException(yaml + " refused: " + response.getStatus().getMessage());
    }
  }

  public ApiClient apiClient() {
    return cluster.apiClient();
  }

  public Path kubeconfig() {
    return cluster.kubeconfigPath();
  }

  public RedisServerProcess redis() {
    return redis;
  }

  public String namespace() {
    return options.namespace();
  }

  /** The gRPC ports of the gateways, by index. */
  public List<Integer> gatewayPorts() {
    return IntStream.range(0, gateways.length).mapToObj(this::gatewayPort).toList();
  }

  public PodStandIn pods() {
    return standIn;
  }

  private void stopProcesses() {
    for (JvmProcess gateway : gateways) {
      if (gateway != null) {
        gateway.close();
      }
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Override
  public void close() {
    stopProcesses();
    standIn.close();
    redis.close();
    cluster.close();
  }

  /** {@code bin/dev-stack [gateways]}: starts the stack, prints what to try, runs until Ctrl-C. */
  public static void main(String[] args) throws Exception {
    int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path repo = Path.of("").toAbsolutePath();
    DevStack stack = start(repo, StackOptions.defaults().withGateways(gateways, 9090));
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    System.out.println(stack.howToTry());
    Thread.currentThread().join();
  }

  private String howToTry() {
    StringBuilder out =
        new StringBuilder("\nARL-Infra dev stack is up (namespace ")
            .append(options.namespace())
            .append(")\n");
    out.append("  kubeconfig: ").append(kubeconfig()).append('\n');
    out.append("  redis:      ").append(redis.uri()).append('\n');
    for (int i = 0; i < gateways.length; i++) {
      out.append("  gateway:    127.0.0.1:")
          .append(gatewayPort(i))
          .append(" (metrics http://127.0.0.1:")
          .append(managementPort(i))
          .append("/prometheus)\n");
    }
    int port = gatewayPort(0);
    out.append("\nTry:\n");
    out.append("  grpcurl -plaintext 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/ListPools\n");
    out.append("  grpcurl -plaintext -d '{\"spec\":{\"pool\":\"python-pool\"}}' 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/Claim\n");
    out.append(
            "  grpcurl -plaintext -d '{\"sandbox\":{\"id\":\"<id>\",\"lease_token\":\"<token>\"},\"start\":{\"command\":\"echo hi\"}}' 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/Exec\n");
    out.append("  kubectl --kubeconfig ")
        .append(kubeconfig())
        .append(" -n ")
        .append(options.namespace())
        .append(" get wp,pods\n");
    out.append("Ctrl-C stops everything.\n");
    return out.toString();
  }
}
