package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the scenarios write an open-loop run into a table row and into the error tally. */
final class Runs {
  private Runs() {}

  /** Cells: p50, p99, p999 (ms), achieved per second, errors. */
  static List<String> cells(RunResult r) {
    return List.of(
        Cells.ms(r.latency().p50()),
        Cells.ms(r.latency().p99()),
        Cells.ms(r.latency().p999()),
        Cells.rate(r.achievedPerSecond()),
        errors(r));
  }

  /** "0", or the count with the kinds. */
  static String errors(RunResult r) {
    if (r.failed() == 0) {
      return "0";
    }
    // The largest kinds, briefly; the full list goes to the details (and the smoke run's output).
    List<String> kinds =
        r.errors().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(2)
            .map(e -> e.getValue() + "× " + brief(e.getKey()))
            .toList();
    return r.failed()
        + " ("
        + String.join("; ", kinds)
        + (r.errors().size() > 2 ? "; ..." : "")
        + ")";
  }

  private static String brief(String kind) {
    return kind.length() > 70 ? kind.substring(0, 70) + "..." : kind;
  }

  /** One line per error kind of a run, prefixed with where it happened. */
  static List<String> details(String where, RunResult r) {
    List<String> lines = new ArrayList<>();
    r.errors().forEach((kind, n) -> lines.add(where + ": " + n + "× " + kind));
    return lines;
  }

  /** {@code row} with one more cell at the end. */
  static String[] append(String[] row, String cell) {
    String[] longer = java.util.Arrays.copyOf(row, row.length + 1);
    longer[row.length] = cell;
    return longer;
  }

  /** A row: leading cells, then the run's cells. */
  static String[] row(RunResult r, String... leading) {
    List<String> all = new ArrayList<>(List.of(leading));
    all.addAll(cells(r));
    return all.toArray(String[]::new);
  }
}
