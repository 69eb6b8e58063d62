package io.infra.arl.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run was measured on.
 *
 * @param cpus processors available to the JVM ({@code nproc})
 * @param cpuModel first {@code model name} of /proc/cpuinfo
 * @param memory MemTotal of /proc/meminfo
 * @param jdk the JDK the harness and the systems under test ran on
 * @param kernel /proc/sys/kernel/osrelease
 * @param loadAverage /proc/loadavg when the facts were read
 */
public record MachineFacts(
    int cpus, String cpuModel, String memory, String jdk, String kernel, String loadAverage) {

  /** Reads the facts of this machine now. */
  public static MachineFacts read() {
    return new MachineFacts(
        Runtime.getRuntime().availableProcessors(),
        firstValue(read("/proc/cpuinfo"), "model name"),
        memory(firstValue(read("/proc/meminfo"), "MemTotal")),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        read("/proc/sys/kernel/osrelease").strip(),
        currentLoadAverage());
  }

  /** The 1, 5 and 15 minute load averages now. */
  public static String currentLoadAverage() {
    String[] parts = read("/proc/loadavg").strip().split("\\s+");
    return parts.length < 3 ? "unknown" : parts[0] + " / " + parts[1] + " / " + parts[2];
  }

  static String firstValue(String text, String key) {
    return text.lines()
        .filter(l -> l.startsWith(key))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElse("unknown");
  }

  static String memory(String memTotal) {
    String[] parts = memTotal.split("\\s+");
    try {
      return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / (1024.0 * 1024));
    } catch (NumberFormatException e) {
      return memTotal;
    }
  }

  private static String read(String file) {
    try {
      return String.join("\n", Files.readAllLines(Path.of(file)));
    } catch (IOException e) {
      return "unknown";
    }
  }
}
