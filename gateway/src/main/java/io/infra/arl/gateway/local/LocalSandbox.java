package io.infra.arl.gateway.local;

import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.sidecar.SidecarServer;
import java.nio.file.Path;

/**
 * An in-process sandbox: a real sidecar server, served in this JVM, with its own workspace.
 *
 * @param target how the gateway reaches it
 * @param server the running sidecar
 * @param workspace its workspace directory (deleted when it is destroyed)
 */
record LocalSandbox(SandboxTarget target, SidecarServer server, Path workspace) {}
