package io.infra.arl.loadtest.report;

import java.util.List;

/**
 * One scenario's part of the report.
 *
 * @param title heading
 * @param description what was measured and how, in a few sentences
 * @param tables the numbers
 * @param notes remarks under the tables (caveats, what did not fit)
 */
public record Section(String title, String description, List<Table> tables, List<String> notes) {

  /** Defensive copies. */
  public Section {
    tables = List.copyOf(tables);
    notes = List.copyOf(notes);
  }
}
