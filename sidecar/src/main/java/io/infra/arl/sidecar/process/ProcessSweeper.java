package io.infra.arl.sidecar.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills the processes of execs by reading {@code /proc}: members of given process groups
 * (re-parented grandchildren included, they keep their group) and every process whose environment
 * carries an exec marker ({@value #MARKER_VARIABLE}), which also catches processes that left their
 * group with {@code setsid}. Killing repeats until a scan finds none alive, so a process forked
 * during a round is caught by the next one.
 */
public final class ProcessSweeper {

  /** Environment variable set on every exec: {@code <sidecar instance>.<exec number>}. */
  public static final String MARKER_VARIABLE = "ARL_EXEC_ID";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSweeper.class);
  private static final int MAX_ROUNDS = 50;
  // USER_HZ is 100 on Linux; one second of slack covers rounding of both clocks.
  private static final long TICKS_PER_SECOND = 100;

  /**
   * Which processes a sweep covers.
   *
   * @param groups process group ids whose members are covered
   * @param marker a {@value #MARKER_VARIABLE}=... environment entry that covers a process
   * @param markerIsPrefix whether {@code marker} matches as a prefix (all execs of a sidecar)
   * @param startedAfterTicks processes started before this (clock ticks since boot) are not checked
   *     for the marker: they cannot carry it, and reading every environment is costly
   */
  public record Target(
      Collection<Long> groups, String marker, boolean markerIsPrefix, long startedAfterTicks) {}

  private final Path proc;
  private final long self = ProcessHandle.current().pid();

  /** Reads the given proc file system (normally {@code /proc}). */
  public ProcessSweeper(Path proc) {
    this.proc = proc;
  }

  /** Clock ticks since boot, minus slack; a lower bound for processes started from now on. */
  public long nowTicks() {
    try {
      String uptime = Files.readString(proc.resolve("uptime"), StandardCharsets.US_ASCII);
      double seconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      return Math.max(0, (long) (seconds * TICKS_PER_SECOND) - TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The live (not zombie) processes covered by {@code target}. */
  public Set<Long> find(Target target) {
    byte[] marker =
        (target.marker() + (target.markerIsPrefix() ? "" : "\0")).getBytes(StandardCharsets.UTF_8);
    Set<Long> found = new HashSet<>();
    byte[] buffer = new byte[ProcStat.BUFFER_BYTES];
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcessSweeper::isPid)) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid != self && covered(entry, target, marker, buffer)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      LOG.warn("Failed to scan processes proc={} error={}", proc, e.toString());
    }
    return found;
  }

  /**
   * Kills every process covered by {@code target} with SIGKILL, in rounds until none is left.
   *
   * @return how many distinct processes were found alive and killed
   */
  public int kill(Target target) {
    Set<Long> killed = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Set<Long> alive = find(target);
      if (alive.isEmpty()) {
        return killed.size();
      }
      for (long pid : alive) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        // destroyForcibly checks the start time, so a recycled pid is never hit.
        if (handle.isPresent() && handle.get().destroyForcibly()) {
          killed.add(pid);
        }
      }
      // SIGKILL is delivered asynchronously: give the kernel a moment before looking again.
      LockSupport.parkNanos(round < 10 ? 200_000L : 2_000_000L);
    }
    LOG.warn("Gave up killing processes target={} rounds={}", target, MAX_ROUNDS);
    return killed.size();
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  private static boolean covered(Path entry, Target target, byte[] marker, byte[] buffer) {
    ProcStat stat = ProcStat.read(entry.resolve("stat"), buffer);
    if (stat == null || stat.finished()) {
      return false; // Gone, unreadable, or past killing.
    }
    if (target.groups().contains(stat.processGroup())) {
      return true;
    }
    if (target.marker().isEmpty() || stat.startTicks() < target.startedAfterTicks()) {
      return false;
    }
    try {
      return hasEntry(Files.readAllBytes(entry.resolve("environ")), marker);
    } catch (IOException e) {
      return false; // Gone, or another user's.
    }
  }

  /** Whether a NUL-separated environment has an entry starting with {@code wanted}. */
  static boolean hasEntry(byte[] environment, byte[] wanted) {
    int start = 0;
    while (start < environment.length) {
      int end = start;
      while (end < environment.length && environment[end] != 0) {
        end++;
      }
      if (regionStartsWith(environment, start, end + 1, wanted)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean regionStartsWith(byte[] bytes, int from, int to, byte[] prefix) {
    if (Math.min(to, bytes.length + 1) - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      int index = from + i;
      byte b = index < bytes.length ? bytes[index] : 0;
      if (b != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
