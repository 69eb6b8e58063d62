package io.infra.arl.loadtest.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A whole run, ready to render.
 *
 * @param mode smoke, quick or full
 * @param backend the gateway backend measured, with one line on what it is
 * @param started when the run started
 * @param took how long it took
 * @param machine where it ran
 * @param loadAverageAfter the load average when it ended (the machine may be shared)
 * @param toolVersions pinned tool versions used, one "name version" per entry
 * @param commands the commands that reproduce the run and its pieces
 * @param results every scenario's result, in run order
 * @param notYetMeasured what the targets ask for that this run cannot measure yet, and why
 */
public record BenchReport(
    String mode,
    String backend,
    Instant started,
    Duration took,
    MachineFacts machine,
    String loadAverageAfter,
    List<String> toolVersions,
    List<String> commands,
    List<ScenarioResult> results,
    List<String> notYetMeasured) {

  /** Defensive copies. */
  public BenchReport {
    toolVersions = List.copyOf(toolVersions);
    commands = List.copyOf(commands);
    results = List.copyOf(results);
    notYetMeasured = List.copyOf(notYetMeasured);
  }
}
