package io.infra.arl.sidecar.process;

import io.infra.arl.sidecar.fs.WorkspacePath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated request to run a process.
 *
 * @param command program and arguments ({@code /bin/sh -c ...} for a command line); the program is
 *     looked up on {@code PATH}
 * @param environment variables added to (and overriding) the sidecar's environment
 * @param workingDirectory where it runs, inside the workspace
 * @param timeout when to kill the whole process group
 * @param tag free-form label, echoed
 * @param detached whether the process outlives its stream
 * @param stdin whether stdin stays open for input (else it reads end-of-file at once)
 */
public record ExecSpec(
    List<String> command,
    Map<String, String> environment,
    WorkspacePath workingDirectory,
    Duration timeout,
    String tag,
    boolean detached,
    boolean stdin) {

  /** Copies the collections. */
  public ExecSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
