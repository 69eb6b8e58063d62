package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a recorded JVM's threads waited: JFR's {@code jdk.ThreadPark} events (parks of 20 ms or
 * more with the default settings) grouped by the first ARL frame of their stack. {@code jfr view}
 * has no such view, and "the claim waits in Bind" is exactly what a hot-methods view cannot show.
 */
public final class ParkSites {
  private static final String OUR_PACKAGE = "io.infra.arl.";

  private ParkSites() {}

  private record Site(String frame, long count, Duration total) {}

  /** The {@code top} sites by total park time, as a small text table. */
  public static String summarize(Path recording, int top) {
    Map<String, long[]> sites = new HashMap<>();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (event.getEventType().getName().equals("jdk.ThreadPark")) {
          long[] tally = sites.computeIfAbsent(site(event), k -> new long[2]);
          tally[0]++;
          tally[1] += event.getDuration().toNanos();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + recording, e);
    }
    List<Site> sorted = new ArrayList<>();
    sites.forEach((frame, t) -> sorted.add(new Site(frame, t[0], Duration.ofNanos(t[1]))));
    sorted.sort((a, b) -> b.total().compareTo(a.total()));
    StringBuilder text =
        new StringBuilder("Thread parks >= 20 ms by first ARL frame (count, total, average)\n");
    for (Site s : sorted.subList(0, Math.min(top, sorted.size()))) {
      text.append(
          String.format(
              Locale.ROOT,
              "%7d %10.1f s %9.1f ms  %s%n",
              s.count(),
              s.total().toMillis() / 1000.0,
              s.total().toMillis() / (double) s.count(),
              s.frame()));
    }
    return text.toString();
  }

  private static String site(RecordedEvent event) {
    String thread =
        event.getThread() == null
            ? "?"
            : String.valueOf(event.getThread().getJavaName()).replaceAll("\\d+", "N");
    if (event.getStackTrace() == null) {
      return "[" + thread + "] (no stack)";
    }
    for (RecordedFrame frame : event.getStackTrace().getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith(OUR_PACKAGE)) {
        return "[" + thread + "] " + type + "." + frame.getMethod().getName();
      }
    }
    return "[" + thread + "] (idle: no ARL frame)";
  }
}
