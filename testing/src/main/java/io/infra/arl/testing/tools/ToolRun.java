package io.infra.arl.testing.tools;

import java.util.List;

/**
 * The outcome of one finished tool process.
 *
 * @param command the full command line that ran
 * @param exitCode the process exit code
 * @param stdout everything the tool wrote to standard output (UTF-8)
 * @param stderr everything the tool wrote to standard error (UTF-8)
 */
public record ToolRun(List<String> command, int exitCode, String stdout, String stderr) {

  /** Copies the command so the record stays immutable. */
  public ToolRun {
    command = List.copyOf(command);
  }

  /** Whether the tool exited with status 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** A one-paragraph description for assertion messages. */
  public String describe() {
    return String.join(" ", command)
        + " exited "
        + exitCode
        + "\n--- stdout ---\n"
        + stdout
        + "\n--- stderr ---\n"
        + stderr;
  }
}
