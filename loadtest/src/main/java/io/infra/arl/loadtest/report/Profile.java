package io.infra.arl.loadtest.report;

/**
 * A JFR summary of a process during a scenario, attached to the report where a target was missed.
 *
 * @param title which process and scenario
 * @param recording where the full recording is (open it with JDK Mission Control or {@code jfr})
 * @param text the output of {@code jfr view} (hot methods, GC pauses), trimmed
 */
public record Profile(String title, String recording, String text) {}
