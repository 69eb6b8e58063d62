package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** The result of a scenario that threw: a section with the stack trace, one error. */
public final class ScenarioFailure {
  private ScenarioFailure() {}

  /** The failure of scenario {@code name} with {@code e}. */
  public static ScenarioResult of(String name, Exception e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return new ScenarioResult(
        new Section("Scenario " + name + " failed", "```\n" + trace + "```", List.of(), List.of()),
        List.of(
            new TargetCheck(
                "scenario " + name,
                "failed: " + e,
                Verdict.NOT_MEASURED,
                "Scenario " + name + " failed")),
        1,
        List.of(name + ": " + e),
        List.of());
  }
}
