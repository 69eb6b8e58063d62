package io.infra.arl.loadtest.stack;

import java.nio.file.Path;

/**
 * Starts gateways of one backend for the suite. Today there is the local backend ({@link
 * LocalGatewayLauncher}); a Kubernetes-mode launcher (apiserver, operator, pod stand-ins, gateway
 * with {@code arl.backend=kubernetes}) implements the same interface and is picked with {@code
 * --backend kubernetes}: every scenario runs unchanged against what it returns.
 */
public interface GatewayLauncher {

  /** Short name of the backend, as given to {@code --backend}. */
  String backend();

  /** One line for the report: what a "gateway" is in this backend. */
  String describe();

  /**
   * Starts a gateway and returns once pool {@code default} has {@code settings.replicas()} ready
   * sandboxes.
   *
   * @param workDir a private directory for logs, workspaces and recordings
   */
  GatewayProcess start(GatewaySettings settings, Path workDir);
}
