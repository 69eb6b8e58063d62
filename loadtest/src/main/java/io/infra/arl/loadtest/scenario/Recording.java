package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.report.Profile;
import io.infra.arl.loadtest.stack.JavaProcess;
import io.infra.arl.loadtest.stack.JvmTools;
import io.infra.arl.loadtest.stack.ParkSites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JFR recording of a process under test during one scenario (when the plan records at all):
 * started with {@code jcmd JFR.start}, written by {@link #stop()}, summarised for the report by
 * {@link #profile}.
 */
final class Recording {
  private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
  private static final int HOT_METHOD_LINES = 15;
  private static final int PARK_SITES = 10;

  private final long pid;
  private final String name;
  private final Path file;
  private boolean stopped;

  private Recording(long pid, String name, Path file) {
    this.pid = pid;
    this.name = name;
    this.file = file;
  }

  /** Starts recording {@code process} as {@code name}, or does nothing if the plan says so. */
  static Recording start(SuiteContext context, JavaProcess process, String name) {
    return start(context.plan(), context.reportsDir(), process.pid(), name);
  }

  /**
   * Starts recording the JVM {@code pid} as {@code name} into {@code reportsDir/jfr}, or does
   * nothing if the plan says so.
   */
  static Recording start(Plan plan, Path reportsDir, long pid, String name) {
    if (!plan.jfr()) {
      return new Recording(pid, name, null);
    }
    Path file = reportsDir.resolve("jfr").resolve(name + ".jfr");
    try {
      Files.createDirectories(file.getParent());
      JvmTools.jfrStart(pid, name, file);
      return new Recording(pid, name, file);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Failed to start JFR name={} error={}", name, e.toString());
      return new Recording(pid, name, null);
    }
  }

  /** Stops the recording and writes its file (once). */
  void stop() {
    if (file == null || stopped) {
      return;
    }
    stopped = true;
    JvmTools.jfrStop(pid, name);
  }

  /**
   * The recording summarised: hot methods, CPU load (the process and the whole machine), GC pauses,
   * monitor contention, and where threads parked; nothing when there is no recording.
   */
  List<Profile> profile(String title) {
    if (file == null) {
      return List.of();
    }
    stop();
    String text =
        String.join(
            "\n\n",
            head(JvmTools.jfrView("hot-methods", file), HOT_METHOD_LINES),
            matching(JvmTools.jfrView("cpu-load", file), "(Average)"),
            matching(JvmTools.jfrView("gc-pauses", file), "Number|Median|P99 |Maximum"),
            head(JvmTools.jfrView("contention-by-site", file), 10),
            ParkSites.summarize(file, PARK_SITES));
    return List.of(new Profile(title, file.toString(), text));
  }

  private static String head(String text, int rows) {
    List<String> lines = text.strip().lines().toList();
    return String.join("\n", lines.subList(0, Math.min(lines.size(), rows + 4)));
  }

  private static String matching(String text, String pattern) {
    Pattern p = Pattern.compile(pattern);
    return String.join("\n", text.lines().filter(l -> p.matcher(l).find()).toList());
  }
}
