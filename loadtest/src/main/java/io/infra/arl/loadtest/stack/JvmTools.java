package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes of a running JVM from outside, with the JDK's own tools: live heap through {@code jcmd
 * GC.class_histogram} (which runs a full GC first, so the total is live objects only), resident
 * memory from {@code /proc}, and JFR summaries through {@code jfr view}.
 */
public final class JvmTools {
  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
  private static final long TOOL_TIMEOUT_SECONDS = 120;

  private JvmTools() {}

  /** The JDK this harness runs on; child JVMs and tools come from it. */
  public static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /** Live heap bytes of JVM {@code pid}, after the full GC that the histogram triggers. */
  public static long liveHeapBytes(long pid) {
    return parseHistogramTotal(
        run(List.of(tool("jcmd"), Long.toString(pid), "GC.class_histogram")));
  }

  /** Resident set size of process {@code pid}, in KiB. */
  public static long rssKiB(long pid) {
    try {
      return parseVmRss(
          String.join("\n", Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the status of process " + pid, e);
    }
  }

  /** The text of {@code jfr view <view> <recording>}, e.g. {@code hot-methods}. */
  public static String jfrView(String view, Path recording) {
    return run(List.of(tool("jfr"), "view", "--width", "160", view, recording.toString()));
  }

  /** Starts a JFR recording named {@code name} (settings {@code default}) in JVM {@code pid}. */
  public static void jfrStart(long pid, String name, Path file) {
    run(
        List.of(
            tool("jcmd"),
            Long.toString(pid),
            "JFR.start",
            "name=" + name,
            "settings=default",
            "filename=" + file));
  }

  /** Stops recording {@code name} of JVM {@code pid}, which writes its file. */
  public static void jfrStop(long pid, String name) {
    run(List.of(tool("jcmd"), Long.toString(pid), "JFR.stop", "name=" + name));
  }

  /** The {@code Total} bytes of a {@code GC.class_histogram} output. */
  static long parseHistogramTotal(String histogram) {
    Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException("No Total line in the class histogram:\n" + head(histogram));
    }
    return Long.parseLong(m.group(2));
  }

  /** The {@code VmRSS} of a {@code /proc/<pid>/status} text, in KiB. */
  static long parseVmRss(String status) {
    Matcher m = VM_RSS.matcher(status);
    if (!m.find()) {
      throw new IllegalStateException("No VmRSS line in:\n" + head(status));
    }
    return Long.parseLong(m.group(1));
  }

  private static String tool(String name) {
    return javaHome().resolve("bin").resolve(name).toString();
  }

  private static String run(List<String> command) {
    List<String> full = new ArrayList<>(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", full) + " did not finish");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + head(text));
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + full.getFirst(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + full.getFirst(), e);
    }
  }

  private static String head(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
