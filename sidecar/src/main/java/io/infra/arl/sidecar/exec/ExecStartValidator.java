package io.infra.arl.sidecar.exec;

import static io.infra.arl.sidecar.failure.SidecarException.invalid;
import static io.infra.arl.sidecar.failure.SidecarException.quote;

import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.fs.WorkspacePath;
import io.infra.arl.sidecar.process.ExecSpec;
import io.infra.arl.sidecar.process.ProcessSweeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks an {@link ExecStart} against the limits documented in exec.proto. Pure: no I/O. */
public final class ExecStartValidator {

  /** Most argv entries. */
  public static final int MAX_ARGS = 4096;

  /** Most bytes of argv (all entries) or of a command line. */
  public static final int MAX_COMMAND_BYTES = 128 * 1024;

  /** Most environment variables. */
  public static final int MAX_ENV = 256;

  /** Longest tag, in bytes. */
  public static final int MAX_TAG_BYTES = 256;

  /** Longest timeout, in milliseconds (one day). */
  public static final long MAX_TIMEOUT_MS = 86_400_000L;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ExecStartValidator() {}

  /**
   * Validates a start request.
   *
   * @param start the request
   * @param defaultTimeout used when {@code timeout_ms} is 0
   * @return the process to run
   * @throws SidecarException INVALID_ARGUMENT naming the field, its value and what was expected
   */
  public static ExecSpec validate(ExecStart start, Duration defaultTimeout) {
    List<String> command = command(start);
    Map<String, String> environment = environment(start.getEnvMap());
    WorkspacePath cwd = WorkspacePath.parse("cwd", start.getCwd());
    long timeoutMs = start.getTimeoutMs();
    if (timeoutMs < 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw invalid("timeout_ms", Long.toString(timeoutMs), "0.." + MAX_TIMEOUT_MS);
    }
    int tagBytes = start.getTag().getBytes(StandardCharsets.UTF_8).length;
    if (tagBytes > MAX_TAG_BYTES) {
      throw invalid("tag", tagBytes + " bytes", "at most " + MAX_TAG_BYTES + " bytes");
    }
    Duration timeout = timeoutMs == 0 ? defaultTimeout : Duration.ofMillis(timeoutMs);
    return new ExecSpec(
        command, environment, cwd, timeout, start.getTag(), start.getDetached(), start.getStdin());
  }

  private static List<String> command(ExecStart start) {
    boolean hasArgv = start.getArgvCount() > 0;
    boolean hasCommand = !start.getCommand().isEmpty();
    if (hasArgv == hasCommand) {
      throw invalid(
          hasArgv ? "argv and command" : "argv, command",
          hasArgv ? "both set" : "both empty",
          "exactly one of argv or command");
    }
    if (hasCommand) {
      String command = start.getCommand();
      int bytes = command.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_COMMAND_BYTES) {
        throw invalid("command", bytes + " bytes", "at most " + MAX_COMMAND_BYTES + " bytes");
      }
      if (command.indexOf(0) >= 0) {
        throw invalid("command", quote(command), "no NUL bytes");
      }
      return List.of("/bin/sh", "-c", command);
    }
    if (start.getArgvCount() > MAX_ARGS) {
      throw invalid("argv", start.getArgvCount() + " entries", "at most " + MAX_ARGS);
    }
    long total = 0;
    for (int i = 0; i < start.getArgvCount(); i++) {
      String arg = start.getArgv(i);
      total += arg.getBytes(StandardCharsets.UTF_8).length;
      if (arg.indexOf(0) >= 0) {
        throw invalid("argv[" + i + "]", quote(arg), "no NUL bytes");
      }
    }
    if (total > MAX_COMMAND_BYTES) {
      throw invalid("argv", total + " bytes", "at most " + MAX_COMMAND_BYTES + " bytes in total");
    }
    if (start.getArgv(0).isEmpty()) {
      throw invalid("argv[0]", "\"\"", "a program name");
    }
    return start.getArgvList();
  }

  private static Map<String, String> environment(Map<String, String> env) {
    if (env.size() > MAX_ENV) {
      throw invalid("env", env.size() + " entries", "at most " + MAX_ENV);
    }
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String name = entry.getKey();
      if (!ENV_NAME.matcher(name).matches()) {
        throw invalid("env", quote(name), "names matching [A-Za-z_][A-Za-z0-9_]*");
      }
      if (name.equals(ProcessSweeper.MARKER_VARIABLE)) {
        throw invalid("env", quote(name), "a name not reserved by the sidecar");
      }
      if (entry.getValue().indexOf(0) >= 0) {
        throw invalid("env[" + name + "]", quote(entry.getValue()), "no NUL bytes");
      }
    }
    return env;
  }
}
