package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many file descriptors a child JVM may open: it inherits this process's soft limit. A local
 * sandbox holds two, ready or claimed: the secure directory stream of its workspace root (a
 * descriptor for {@code openat} and one for reading). Its sidecar is served in process (no socket),
 * so the limit caps pool sizes and session counts in local mode at about half of it.
 */
public final class FileDescriptors {
  /** Descriptors of a ready local sandbox, counted in {@code /proc/<pid>/fd}. */
  public static final int PER_READY_SANDBOX = 2;

  /** Descriptors of a claimed local sandbox. */
  public static final int PER_CLAIMED_SANDBOX = 2;

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
