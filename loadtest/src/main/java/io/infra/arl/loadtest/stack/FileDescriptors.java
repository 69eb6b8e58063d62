package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many file descriptors a child JVM may open: it inherits this process's soft limit. A local
 * sandbox holds five while ready (its listening socket, two descriptors of its workspace directory
 * and both ends of the gateway's connection to it, opened before it is offered: ADR 0021), so the
 * limit caps pool sizes and session counts in local mode.
 */
public final class FileDescriptors {
  /** Descriptors of a ready local sandbox (pre-connected), counted in {@code /proc/<pid>/fd}. */
  public static final int PER_READY_SANDBOX = 5;

  /** Descriptors of a claimed local sandbox with its gateway connection. */
  public static final int PER_CLAIMED_SANDBOX = 5;

  /** Headroom for the JVM itself (jars, epoll, Redis, the agents' connections). */
  public static final int RESERVED = 1500;

  private FileDescriptors() {}

  /** The soft "Max open files" limit of this process; a large number when it cannot be read. */
  public static long softLimit() {
    try {
      return parseSoftLimit(String.join("\n", Files.readAllLines(Path.of("/proc/self/limits"))));
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  static long parseSoftLimit(String limits) {
    return limits
        .lines()
        .filter(l -> l.startsWith("Max open files"))
        .map(l -> l.substring("Max open files".length()).strip().split("\\s+")[0])
        .map(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v))
        .findFirst()
        .orElse(Long.MAX_VALUE);
  }
}
