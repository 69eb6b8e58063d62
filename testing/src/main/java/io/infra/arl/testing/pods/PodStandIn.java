package io.infra.arl.testing.pods;

import io.infra.arl.sidecar.SidecarConfig;
import io.infra.arl.sidecar.SidecarObserver;
import io.infra.arl.sidecar.SidecarServer;
import io.infra.arl.testing.files.FileTrees;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet for the pods of one namespace, since test clusters have none: for every pod it
 * starts a real sidecar ({@link SidecarServer}) on a distinct loopback address, port 50051, with
 * its own temporary workspace, then writes the pod's status: {@code Running}, {@code podIP} = that
 * address, condition {@code Ready=True}. When the pod is deleted, the sidecar stops.
 *
 * <pre>{@code
 * try (PodStandIn pods = PodStandIn.start(KUBE.apiClient(), namespace)) {
 *   // create pods (or a WarmPool); they become Running/Ready with a live sidecar
 *   pods.pod("pool-abcde").orElseThrow().workspace();
 * }
 * }</pre>
 *
 * <p>Commands run by these sidecars run on this host, in the stand-in workspace (not {@code
 * /workspace}), with the test JVM's environment. {@link #pause()} leaves new pods {@code Pending}
 * (starting); {@link #evict} makes a pod {@code Failed} as an eviction would.
 */
public final class PodStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodStandIn.class);
  private static final int SIDECAR_PORT = 50051;
  private static final int BIND_ATTEMPTS = 20;
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final ApiClient client;
  private final String namespace;
  private final Path root;
  private final LoopbackAddresses addresses = new LoopbackAddresses();
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  // Platform threads, not virtual ones: starting a sidecar loads classes, and dozens of virtual
  // threads loading classes at once pinned both carriers of a 2-core machine, each waiting for a
  // jar's lock held by an unmounted one (a CI run hung in BenchSmokeIT, 2026-11-23).
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("pod-stand-in-", 0).factory());
  private final Function<String, SidecarObserver> observers;
  private final SharedInformerFactory informers;
  private final SharedIndexInformer<V1Pod> informer;
  private volatile boolean paused;
  private volatile boolean closed;

  private PodStandIn(
      ApiClient client, String namespace, Path root, Function<String, SidecarObserver> observers) {
    this.client = client;
    this.observers = observers;
    this.namespace = namespace;
    this.root = root;
    this.informers = new SharedInformerFactory(client);
    this.informer =
        informers.sharedIndexInformerFor(
            new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client),
            V1Pod.class,
            0,
            namespace);
    informer.addEventHandler(new Handler());
  }

  /** Starts serving the pods of {@code namespace}, existing and future. */
  public static PodStandIn start(ApiClient client, String namespace) {
    return start(client, namespace, pod -> SidecarObserver.NONE);
  }

  /**
   * Starts serving the pods of {@code namespace}, existing and future; each pod's sidecar reports
   * its binds and served calls to {@code observers.apply(podName)}.
   */
  public static PodStandIn start(
      ApiClient client, String namespace, Function<String, SidecarObserver> observers) {
    Path root;
    try {
      root = Files.createTempDirectory("arl-pods-" + namespace + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the stand-in's workspace root", e);
    }
    PodStandIn standIn = new PodStandIn(client, namespace, root, observers);
    standIn.informers.startAllRegisteredInformers();
    Awaitility.await("pod stand-in informer synced")
        .atMost(SYNC_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(standIn.informer::hasSynced);
    LOG.info("Started pod stand-in namespace={} root={}", namespace, root);
    return standIn;
  }

  /** The pod as served, once its sidecar runs. */
  public Optional<StandInPod> pod(String name) {
    Slot slot = slots.get(name);
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.pod);
  }

  /** How many pods have a running sidecar. */
  public int servedCount() {
    return (int) slots.values().stream().filter(slot -> slot.pod != null).count();
  }

  /** Stops making new pods ready: they stay {@code Pending} until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  /** Makes every waiting pod ready, and new ones again from now on. */
  public void resume() {
    paused = false;
    informer.getIndexer().list().forEach(this::maybeServe);
  }

  /** Stops the pod's sidecar and reports the pod {@code Failed} (reason {@code Evicted}). */
  public void evict(String name) throws ApiException {
    Slot slot = slots.get(name);
    if (slot != null && slot.pod != null) {
      // The address stays taken until the pod is deleted, as a kubelet keeps a failed pod's IP.
      slot.pod.sidecar().close();
    }
    patchStatus(
        name,
        """
        {"status":{"phase":"Failed","reason":"Evicted","message":"evicted by the test stand-in",
         "conditions":[{"type":"Ready","status":"False","reason":"PodFailed",
                        "lastTransitionTime":"%s"}]}}
        """
            .formatted(Instant.now()));
  }

  private void maybeServe(V1Pod pod) {
    String name = pod.getMetadata().getName();
    if (closed || paused || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return;
    }
    Slot slot = new Slot();
    if (slots.putIfAbsent(name, slot) != null) {
      return;
    }
    workers.execute(() -> serve(name, slot));
  }

  private void serve(String name, Slot slot) {
    try {
      StandInPod pod = startSidecar(name);
      synchronized (slot) {
        if (slot.gone) {
          stop(pod);
          return;
        }
        slot.pod = pod;
      }
      patchStatus(name, runningStatus(pod.address()));
      LOG.info("Served pod namespace={} pod={} ip={}", namespace, name, pod.address());
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        LOG.warn(
            "Failed to report pod ready pod={} code={} body={}",
            name,
            e.getCode(),
            e.getResponseBody());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Failed to serve pod pod={} error={}", name, e.toString());
    }
  }

  private StandInPod startSidecar(String name) throws IOException {
    Path workspace = Files.createDirectories(root.resolve(name));
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      String address = addresses.take();
      try {
        SidecarServer sidecar =
            SidecarServer.start(
                SidecarConfig.defaults(workspace).withHost(address).withPort(SIDECAR_PORT),
                observers.apply(name));
        return new StandInPod(name, address, sidecar);
      } catch (IOException e) {
        // Another process (a stand-in in another JVM) holds this address: try the next one.
        if (!(e instanceof BindException) && !(e.getCause() instanceof BindException)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static String runningStatus(String address) {
    String now = Instant.now().toString();
    StringBuilder conditions = new StringBuilder();
    for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
      if (!conditions.isEmpty()) {
        conditions.append(',');
      }
      conditions.append(
          "{\"type\":\"%s\",\"status\":\"True\",\"lastTransitionTime\":\"%s\"}"
              .formatted(type, now));
    }
    return """
        {"status":{"phase":"Running","podIP":"%1$s","podIPs":[{"ip":"%1$s"}],"hostIP":"127.0.0.1",
         "startTime":"%2$s","conditions":[%3$s]}}
        """
        .formatted(address, now, conditions);
  }

  private void patchStatus(String name, String patch) throws ApiException {
    PatchUtils.patch(
        V1Pod.class,
        () ->
            new CoreV1Api(client)
                .patchNamespacedPodStatus(name, namespace, new V1Patch(patch))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
  }

  private void forget(String name) {
    Slot slot = slots.remove(name);
    if (slot == null) {
      return;
    }
    StandInPod pod;
    synchronized (slot) {
      slot.gone = true;
      pod = slot.pod;
    }
    if (pod != null) {
      workers.execute(() -> stop(pod));
    }
  }

  private void stop(StandInPod pod) {
    pod.sidecar().close();
    addresses.release(pod.address());
    LOG.info("Stopped pod namespace={} pod={}", namespace, pod.name());
  }

  /** Stops watching, stops every sidecar and deletes the workspaces. */
  @Override
  public void close() {
    closed = true;
    informers.stopAllRegisteredInformers();
    slots.keySet().forEach(this::forget);
    workers.close();
    FileTrees.delete(root);
  }

  /** One pod's place: the pod once its sidecar runs, and whether it was deleted meanwhile. */
  private static final class Slot {
    private StandInPod pod;
    private boolean gone;
  }

  private final class Handler implements ResourceEventHandler<V1Pod> {
    @Override
    public void onAdd(V1Pod pod) {
      maybeServe(pod);
    }

    @Override
    public void onUpdate(V1Pod oldPod, V1Pod newPod) {
      maybeServe(newPod);
    }

    @Override
    public void onDelete(V1Pod pod, boolean finalStateUnknown) {
      forget(pod.getMetadata().getName());
    }
  }
}
