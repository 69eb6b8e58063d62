package io.infra.arl.loadtest.stack;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.testing.stack.DevStack;
import io.infra.arl.testing.stack.StackOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in Kubernetes mode for the suite: the local dev stack ({@link DevStack}: a real
 * kube-apiserver + etcd with the CRDs, redis-server, the pod stand-in with a real sidecar per pod,
 * the operator and the gateways as separate JVMs with {@code arl.backend=kubernetes}) plus the
 * benchmark's WarmPools. Pool {@link #CLAIM_POOL} has {@code releasePolicy: Reset}, so claim loops
 * give their pods back instead of churning them; pool {@link #REFILL_POOL} has {@code Delete}, so
 * every claim makes the operator create a replacement pod.
 */
public final class KubernetesStack implements AutoCloseable {
  /** The pool the claim and capacity scenarios claim from (Reset). */
  public static final String CLAIM_POOL = "bench";

  /** The pool the refill scenario claims from (Delete). */
  public static final String REFILL_POOL = "refill";

  /** The namespace the stack serves. */
  public static final String NAMESPACE = "arl-bench";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesStack.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 2;

  private final DevStack stack;
  private final int claimReplicas;
  private final int refillReplicas;

  private KubernetesStack(DevStack stack, int claimReplicas, int refillReplicas) {
    this.stack = stack;
    this.claimReplicas = claimReplicas;
    this.refillReplicas = refillReplicas;
  }

  /**
   * Starts the stack with {@code gateways} gateways and both pools, and returns once every gateway
   * offers all their pods.
   *
   * @param repositoryRoot the checkout (the gateway's and operator's jars are in its modules)
   * @param gateways how many gateways
   * @param jvmOptions JVM options of the gateways and the operator
   * @param claimReplicas ready pods of {@link #CLAIM_POOL}
   * @param refillReplicas ready pods of {@link #REFILL_POOL}
   * @param workDir where the WarmPool manifests are written
   */
  public static KubernetesStack start(
      Path repositoryRoot,
      int gateways,
      List<String> jvmOptions,
      int claimReplicas,
      int refillReplicas,
      Path workDir)
      throws Exception {
    StackOptions options =
        StackOptions.defaults()
            .withNamespace(NAMESPACE)
            .withGateways(gateways, 0)
            .withJvmOptions(jvmOptions)
            .withExamples(false);
    DevStack stack = startStack(repositoryRoot, options);
    KubernetesStack started = new KubernetesStack(stack, claimReplicas, refillReplicas);
    try {
      stack.apply(warmPool(workDir, CLAIM_POOL, claimReplicas, "Reset"));
      stack.apply(warmPool(workDir, REFILL_POOL, refillReplicas, "Delete"));
      for (int i = 0; i < gateways; i++) {
        started.awaitPools(i, Duration.ofSeconds(120).plusMillis(200L * claimReplicas));
      }
      return started;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  // The dev stack picks its free ports before it starts the JVMs that bind them; on a shared
  // machine another process can take one meanwhile, and that gateway never becomes healthy.
  private static DevStack startStack(Path repositoryRoot, StackOptions options) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return DevStack.start(repositoryRoot, options);
      } catch (Exception e) {
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
        LOG.warn("Failed to start the dev stack attempt={} error={}", attempt, e.toString());
      }
    }
  }

  // A WarmPool as a user writes it (deploy/examples/warmpool.yaml), with the benchmark's sizes.
  private static Path warmPool(Path workDir, String name, int replicas, String releasePolicy) {
    String yaml =
        """
        apiVersion: arl.infra.io/v1alpha1
        kind: WarmPool
        metadata:
          name: %s
        spec:
          replicas: %d
          releasePolicy: %s
          template:
            spec:
              containers:
                - name: executor
                  image: python:3.12-slim
                  command: ["sleep", "infinity"]
        """
            .formatted(name, replicas, releasePolicy);
    try {
      Files.createDirectories(workDir);
      return Files.writeString(workDir.resolve("warmpool-" + name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the WarmPool " + name, e);
    }
  }

  /** Waits until gateway {@code index} offers every pod of both pools. */
  public void awaitPools(int index, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", gatewayPort(index)).usePlaintext().build();
    try {
      var stub = GatewayGrpc.newBlockingStub(channel);
      String seen = "nothing";
      while (System.nanoTime() < deadline) {
        List<Pool> pools = pools(stub);
        seen = pools.toString().replace('\n', ' ');
        if (ready(pools, CLAIM_POOL) >= claimReplicas
            && ready(pools, REFILL_POOL) >= refillReplicas) {
          return;
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
      throw new IllegalStateException(
          "gateway-" + index + " did not offer the pools' pods within " + timeout + ": " + seen);
    } finally {
      channel.shutdownNow();
    }
  }

  private static List<Pool> pools(GatewayGrpc.GatewayBlockingStub stub) {
    try {
      return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
          .listPools(ListPoolsRequest.getDefaultInstance())
          .getPoolsList();
    } catch (StatusRuntimeException e) {
      return List.of(); // still starting
    }
  }

  private static int ready(List<Pool> pools, String name) {
    return pools.stream()
        .filter(p -> p.getName().equals(name))
        .mapToInt(Pool::getReady)
        .findFirst()
        .orElse(0);
  }

  /** gRPC port of gateway {@code index} on 127.0.0.1. */
  public int gatewayPort(int index) {
    return stack.gatewayPort(index);
  }

  /** Process id of gateway {@code index} (for JFR). */
  public long gatewayPid(int index) {
    return stack.gateway(index).pid();
  }

  /** How many gateways run. */
  public int gateways() {
    return stack.gatewayPorts().size();
  }

  /** Ready pods of {@link #CLAIM_POOL}. */
  public int claimReplicas() {
    return claimReplicas;
  }

  /** Ready pods of {@link #REFILL_POOL}. */
  public int refillReplicas() {
    return refillReplicas;
  }

  /** The stack's client (watches and the stack's own objects). */
  public ApiClient apiClient() {
    return stack.apiClient();
  }

  /** A new client of the same apiserver with bounded calls, for the Kubernetes-way baseline. */
  public ApiClient newApiClient() {
    try {
      ApiClient client = Config.fromConfig(stack.kubeconfig().toString());
      client.setConnectTimeout((int) CALL_TIMEOUT.toMillis());
      client.setReadTimeout((int) CALL_TIMEOUT.toMillis());
      client.setWriteTimeout((int) CALL_TIMEOUT.toMillis());
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + stack.kubeconfig(), e);
    }
  }

  /** Stops everything the stack started. */
  @Override
  public void close() {
    stack.close();
  }
}
