package io.infra.arl.testing.kube;

import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolBinaries;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running etcd + kube-apiserver pair on loopback, with its PKI and kubeconfig in a private work
 * directory; {@link #close()} stops both and deletes the directory.
 *
 * <p>There is no kube-controller-manager, scheduler or kubelet: objects are stored, validated,
 * admitted and watched for real, but nothing acts on them (namespaces stay {@code Terminating}
 * after deletion, no garbage collection, no default service accounts, pods are never scheduled).
 */
public final class KubeCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubeCluster.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final int START_ATTEMPTS = 3;

  private final Path workDir;
  private final String serverUrl;
  private final Path kubeconfig;
  private final List<ServerProcess> servers;
  private final ApiClient apiClient;
  private final Thread shutdownHook;

  private KubeCluster(
      Path workDir, String serverUrl, Path kubeconfig, List<ServerProcess> servers) {
    this.workDir = workDir;
    this.serverUrl = serverUrl;
    this.kubeconfig = kubeconfig;
    this.servers = servers;
    this.apiClient = newApiClient(kubeconfig);
    // Ctrl-C on the build: stop the servers even though JUnit never gets to close the store.
    this.shutdownHook = new Thread(this::stop, "kube-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts etcd and kube-apiserver from the pinned binaries and returns once {@code /readyz}
   * answers 200. Retries on a fresh set of ports if a server loses the race for its port.
   */
  public static KubeCluster start(ToolBinaries binaries) {
    Path apiserver = binaries.require(Tool.KUBE_APISERVER);
    Path etcd = binaries.require(Tool.ETCD);
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(apiserver, etcd);
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static KubeCluster startOnce(Path apiserverBinary, Path etcdBinary) {
    long started = System.nanoTime();
    Path workDir = WorkDirs.create();
    List<ServerProcess> servers = new ArrayList<>();
    try {
      KubePki pki = KubePki.create(workDir.resolve("pki"));
      List<Integer> ports = LoopbackPorts.free(3);
      String etcdUrl = "http://127.0.0.1:" + ports.get(0);
      String serverUrl = "https://127.0.0.1:" + ports.get(2);
      servers.add(
          ServerProcess.start(
              "etcd",
              KubeServerArgs.etcd(etcdBinary, workDir, ports.get(0), ports.get(1)),
              workDir.resolve("etcd.log")));
      servers.add(
          ServerProcess.start(
              "kube-apiserver",
              KubeServerArgs.apiserver(apiserverBinary, workDir, pki, etcdUrl, ports.get(2)),
              workDir.resolve("kube-apiserver.log")));
      Path kubeconfig = Kubeconfig.write(workDir.resolve("kubeconfig"), serverUrl, pki);
      KubeCluster cluster = new KubeCluster(workDir, serverUrl, kubeconfig, servers);
      cluster.awaitReadyOrClose();
      LOG.info(
          "Started kube-apiserver url={} kubeconfig={} millis={}",
          serverUrl,
          kubeconfig,
          (System.nanoTime() - started) / 1_000_000);
      return cluster;
    } catch (RuntimeException e) {
      stopAll(servers);
      WorkDirs.delete(workDir);
      throw e;
    }
  }

  /** The apiserver URL, e.g. {@code https://127.0.0.1:41234}. */
  public String serverUrl() {
    return serverUrl;
  }

  /** A kubeconfig for the admin user ({@code system:masters}); certificates are inline. */
  public Path kubeconfigPath() {
    return kubeconfig;
  }

  /** The shared admin client (no read timeout, so watches and informers can idle). */
  public ApiClient apiClient() {
    return apiClient;
  }

  /** A new, independent admin client: its own connection pool, as a second process would have. */
  public ApiClient newApiClient() {
    return newApiClient(kubeconfig);
  }

  /** Every process of the cluster (servers and their watchdogs), for teardown tests. */
  List<ProcessHandle> processTree() {
    return servers.stream().flatMap(server -> server.processTree().stream()).toList();
  }

  /** The private directory holding the PKI, kubeconfig, etcd data and server logs. */
  Path workDir() {
    return workDir;
  }

  /** Installs the CRDs of {@code dir} and waits until they are established; returns their names. */
  public List<String> installCrds(Path dir) {
    return new CrdInstaller(apiClient).install(dir);
  }

  /** Stops the apiserver, then etcd, and deletes the work directory (no orphan processes). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running stop() itself.
    }
    stop();
  }

  private synchronized void stop() {
    if (!Files.exists(workDir)) {
      return;
    }
    stopAll(servers);
    WorkDirs.delete(workDir);
    LOG.info("Stopped kube-apiserver url={}", serverUrl);
  }

  private void awaitReadyOrClose() {
    Request readyz = new Request.Builder().url(serverUrl + "/readyz").build();
    try {
      Awaitility.await("kube-apiserver " + serverUrl + "/readyz")
          .atMost(READY_TIMEOUT)
          .pollDelay(Duration.ofMillis(200))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> isReady(readyz));
    } catch (ConditionTimeoutException e) {
      String tail = servers.getLast().logTail();
      close();
      throw new IllegalStateException(
          "kube-apiserver was not ready after "
              + READY_TIMEOUT
              + "; last lines of its log:\n"
              + tail,
          e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private boolean isReady(Request readyz) {
    // A server that died (bad flag, port taken) fails the start at once with its log, not a
    // timeout.
    servers.forEach(ServerProcess::checkAlive);
    try (Response response = apiClient.getHttpClient().newCall(readyz).execute()) {
      return response.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static ApiClient newApiClient(Path kubeconfig) {
    try (Reader reader = Files.newBufferedReader(kubeconfig)) {
      return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader))
          .setReadTimeout(Duration.ZERO)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not build a client from " + kubeconfig, e);
    }
  }

  // Reverse order: the apiserver goes first so it never logs a storm of etcd connection errors.
  private static void stopAll(List<ServerProcess> servers) {
    servers.reversed().forEach(ServerProcess::close);
  }
}
