package io.infra.arl.sidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Looks at live processes through /proc, the way an operator would check for leaks. */
public final class Procs {

  private static final Path PROC = Path.of("/proc");

  private Procs() {}

  /** Live (not zombie) processes whose initial environment holds exactly {@code entry}. */
  public static List<Long> aliveWithEnv(String entry) {
    List<Long> found = new ArrayList<>();
    for (long pid : pids()) {
      if (!alive(pid)) {
        continue;
      }
      try {
        byte[] environ = Files.readAllBytes(PROC.resolve(pid + "/environ"));
        for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
          if (variable.equals(entry)) {
            found.add(pid);
            break;
          }
        }
      } catch (IOException e) {
        // Gone, or not ours.
      }
    }
    return found;
  }

  /** Live (not zombie) processes in process group {@code pgid}. */
  public static List<Long> aliveInGroup(long pgid) {
    List<Long> found = new ArrayList<>();
    for (long pid : pids()) {
      String[] stat = stat(pid);
      if (stat.length > 2 && !isDead(stat[0]) && Long.parseLong(stat[2]) == pgid) {
        found.add(pid);
      }
    }
    return found;
  }

  /** Whether {@code pid} exists and is not a zombie. */
  public static boolean alive(long pid) {
    String[] stat = stat(pid);
    return stat.length > 0 && !isDead(stat[0]);
  }

  /** Bytes the process has written so far ({@code wchar} of /proc/PID/io). */
  public static long writtenBytes(long pid) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(pid + "/io"))) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring("wchar:".length()).trim());
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Resident set size of a process, in KiB ({@code VmRSS} of /proc/PID/status). */
  public static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static boolean isDead(String state) {
    return state.equals("Z") || state.equals("X");
  }

  private static String[] stat(long pid) {
    try {
      String line = Files.readString(PROC.resolve(pid + "/stat"));
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  private static List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        pids.add(Long.parseLong(entry.getFileName().toString()));
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("Cannot list /proc", e);
    }
    return pids;
  }
}
