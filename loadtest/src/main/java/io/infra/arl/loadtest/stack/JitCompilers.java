package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by the JIT compiler threads of a running JVM, read from {@code /proc}: a JVM whose
 * compilers still burn a large share of a core is compiling its hot paths, and on two cores it
 * takes that time from the code being measured. HotSpot names these threads {@code C1
 * CompilerThreadN} and {@code C2 CompilerThreadN} (truncated to 15 characters by Linux).
 */
public final class JitCompilers {
  /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux). */
  private static final int TICKS_PER_SECOND = 100;

  private JitCompilers() {}

  /**
   * Milliseconds of CPU each compiler thread of process {@code pid} has used so far, by thread id.
   * HotSpot may end idle compiler threads ({@code UseDynamicNumberOfCompilerThreads}): compare two
   * readings thread by thread, never by their totals.
   */
  public static Map<Long, Long> cpuMillis(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    Map<Long, Long> millis = new HashMap<>();
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        long ticks = compilerTicks(thread);
        if (ticks >= 0) {
          millis.put(
              Long.parseLong(thread.getFileName().toString()), ticks * 1000 / TICKS_PER_SECOND);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the threads of process " + pid, e);
    }
    return millis;
  }

  /** The thread's CPU ticks if it is a compiler thread, else -1. */
  private static long compilerTicks(Path thread) throws IOException {
    try {
      String name = Files.readString(thread.resolve("comm")).strip();
      if (!isCompiler(name)) {
        return -1;
      }
      return cpuTicks(Files.readString(thread.resolve("stat")));
    } catch (NoSuchFileException e) {
      return -1; // the thread ended between listing and reading
    }
  }

  /** Whether a thread's name (its {@code comm}) is one of HotSpot's JIT compiler threads. */
  static boolean isCompiler(String comm) {
    return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
  }

  /**
   * User plus system ticks of a {@code stat} line: fields 14 and 15, counted after the command
   * name's closing parenthesis (the name itself may hold spaces and parentheses).
   */
  static long cpuTicks(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after[0] is field 3 (state): field n is after[n - 3]
    return Long.parseLong(after[11]) + Long.parseLong(after[12]);
  }
}
