package io.infra.arl.operator;

import io.micronaut.runtime.Micronaut;

/**
 * Starts the operator: the management server (health, metrics) and, when Kubernetes is configured,
 * the controllers.
 */
public final class OperatorApplication {

  private OperatorApplication() {}

  /**
   * Entry point.
   *
   * @param args Micronaut arguments ({@code -Dkey=value} style configuration)
   */
  public static void main(String[] args) {
    Micronaut.build(args).banner(false).mainClass(OperatorApplication.class).start();
  }
}
