package io.infra.arl.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine's CPU time so far, from the {@code cpu} line of /proc/stat (in clock ticks, all
 * cores): how much of it passed at all and how much the hypervisor gave to other guests (steal). On
 * a shared virtual machine steal is CPU time the systems under test wanted and did not get; a
 * scenario measured while it was high shows longer latencies through no fault of theirs.
 *
 * @param total every state's ticks (user, nice, system, idle, iowait, irq, softirq, steal)
 * @param steal the ticks stolen by the hypervisor
 */
public record CpuTimes(long total, long steal) {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** This machine's times now; empty where /proc/stat cannot be read (not Linux). */
  public static Optional<CpuTimes> read() {
    try {
      return Files.readAllLines(PROC_STAT).stream()
          .filter(l -> l.startsWith("cpu "))
          .findFirst()
          .flatMap(CpuTimes::parse);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Parses a {@code cpu} line of /proc/stat; empty if it has fewer than eight numbers. */
  static Optional<CpuTimes> parse(String line) {
    String[] fields = line.strip().split("\\s+");
    if (fields.length < 9) {
      return Optional.empty();
    }
    long total = 0;
    try {
      for (int i = 1; i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      return Optional.of(new CpuTimes(total, Long.parseLong(fields[8])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The share of the CPU time since {@code earlier} that was stolen, 0 to 1. */
  public double stealShareSince(CpuTimes earlier) {
    long elapsed = total - earlier.total;
    return elapsed <= 0 ? 0 : (double) (steal - earlier.steal) / elapsed;
  }

  /** A note for a scenario's section: the steal while it ran. */
  public String stealNoteSince(CpuTimes earlier) {
    return String.format(
        Locale.ROOT,
        "Host steal while this scenario ran: %.1f%% of the machine's CPU time went to other"
            + " guests of the hypervisor (`steal` in /proc/stat); latencies grow with it.",
        100 * stealShareSince(earlier));
  }
}
