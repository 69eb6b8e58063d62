package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.report.ScenarioResult;

/** One benchmark: measures, compares with its same-run baseline, and reports. */
public interface Scenario {

  /** Short name, as {@code --only} takes it (e.g. {@code claim}). */
  String name();

  /** Whether it talks to the shared gateway (started in the background before the first). */
  default boolean usesSharedGateway() {
    return true;
  }

  /** Whether it needs the kube-apiserver (started in the background before the first). */
  default boolean usesKubernetes() {
    return false;
  }

  /** Runs the scenario with the servers of {@code context}. */
  ScenarioResult run(SuiteContext context) throws Exception;
}
