package io.infra.arl.gateway.local;

import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.sidecar.SidecarConfig;
import io.infra.arl.sidecar.SidecarObserver;
import io.infra.arl.sidecar.SidecarServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and destroys the in-process sandboxes of one pool: a sidecar served in this JVM through
 * gRPC's in-process transport (no socket, messages handed over without serialisation) with its own
 * workspace, and the gateway's channel to it, health-checked before the sandbox is handed out.
 */
final class LocalSandboxes {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSandboxes.class);
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

  private final String pool;
  private final Path workspaceRoot;
  private final String idPrefix;
  private final SidecarObserver observer;
  private final SidecarChannels channels;

  /**
   * @param pool the pool's name
   * @param workspaceRoot directory under which each sandbox gets its workspace
   * @param instanceId this gateway's id, part of every sandbox id so ids never collide between
   *     gateways sharing a lease store
   * @param observer told of every bind and served call of every sidecar (ledger, tests)
   * @param channels where sandboxes' channels are warmed when created and closed when destroyed
   */
  LocalSandboxes(
      String pool,
      Path workspaceRoot,
      String instanceId,
      SidecarObserver observer,
      SidecarChannels channels) {
    this.pool = pool;
    this.workspaceRoot = workspaceRoot;
    this.idPrefix = pool + "-" + instanceId + "-";
    this.observer = observer;
    this.channels = channels;
  }

  /**
   * A new sandbox whose sidecar answered a health check over the gateway's channel.
   *
   * @throws IOException when the workspace or the server cannot be created, or the sidecar did not
   *     answer (nothing is left behind then)
   */
  LocalSandbox create() throws IOException {
    String id = idPrefix + randomSuffix();
    Path workspace = workspaceRoot.resolve(id);
    Files.createDirectories(workspace);
    SidecarServer server;
    try {
      server = SidecarServer.startInProcess(id, SidecarConfig.defaults(workspace), observer);
    } catch (IOException | RuntimeException e) {
      Workspaces.deleteRecursively(workspace);
      throw e;
    }
    LocalSandbox sandbox = new LocalSandbox(SandboxTarget.inProcess(id, pool), server, workspace);
    try {
      warm(sandbox);
    } catch (IOException e) {
      destroy(sandbox, "sidecar did not answer");
      throw e;
    }
    return sandbox;
  }

  /** Closes the channel, stops the sidecar (killing its processes) and deletes the workspace. */
  void destroy(LocalSandbox sandbox, String reason) {
    channels.evict(sandbox.target());
    sandbox.server().close();
    Workspaces.deleteRecursively(sandbox.workspace());
    LOG.debug(
        "Destroyed sandbox pool={} sandbox={} reason={}", pool, sandbox.target().id(), reason);
  }

  private void warm(LocalSandbox sandbox) throws IOException {
    try {
      channels
          .warm(sandbox.target(), WARM_UP_TIMEOUT)
          .get(WARM_UP_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("sidecar did not answer its health check: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while warming up", e);
    }
  }

  /** Sandbox ids need to be unique, not secret: the lease token is the secret. */
  private static String randomSuffix() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[8];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
    }
    return new String(chars);
  }
}
