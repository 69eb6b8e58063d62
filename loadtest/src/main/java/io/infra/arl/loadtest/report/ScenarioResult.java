package io.infra.arl.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario hands to the report.
 *
 * @param section its section of the report
 * @param targets its rows of the summary
 * @param errors failed requests (or failed checks) in the whole scenario; a smoke run passes only
 *     when every scenario has none
 * @param errorDetails what failed, for the smoke run's message
 * @param profiles JFR summaries, for targets that were missed
 */
public record ScenarioResult(
    Section section,
    List<TargetCheck> targets,
    long errors,
    List<String> errorDetails,
    List<Profile> profiles) {

  /** Defensive copies. */
  public ScenarioResult {
    targets = List.copyOf(targets);
    errorDetails = List.copyOf(errorDetails);
    profiles = List.copyOf(profiles);
  }

  /** The same result with {@code note} added under its section's tables. */
  public ScenarioResult withNote(String note) {
    List<String> notes = new ArrayList<>(section.notes());
    notes.add(note);
    return new ScenarioResult(
        new Section(section.title(), section.description(), section.tables(), notes),
        targets,
        errors,
        errorDetails,
        profiles);
  }

  /** The same result with {@code value} as its profiles. */
  public ScenarioResult withProfiles(List<Profile> value) {
    return new ScenarioResult(section, targets, errors, errorDetails, value);
  }
}
