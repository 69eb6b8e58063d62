package io.infra.arl.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of the report: a header row and rows of already formatted cells.
 *
 * @param headers column names
 * @param rows cells, one list per row, each as long as {@code headers}
 */
public record Table(List<String> headers, List<List<String>> rows) {

  /** Checks that every row has one cell per column; copies. */
  public Table {
    headers = List.copyOf(headers);
    List<List<String>> copy = new ArrayList<>();
    for (List<String> row : rows) {
      if (row.size() != headers.size()) {
        throw new IllegalArgumentException(
            "row " + row + " has " + row.size() + " cells (expected: " + headers.size() + ")");
      }
      copy.add(List.copyOf(row));
    }
    rows = List.copyOf(copy);
  }

  /** A table with these headers and no rows yet; add rows with {@link #with}. */
  public static Table of(String... headers) {
    return new Table(List.of(headers), List.of());
  }

  /** This table with one more row. */
  public Table with(String... cells) {
    List<List<String>> more = new ArrayList<>(rows);
    more.add(List.of(cells));
    return new Table(headers, more);
  }
}
