package io.infra.arl.sidecar;

import java.io.IOException;

/**
 * Runs a sidecar from environment variables (see {@link SidecarEnvironment}) until the JVM is asked
 * to stop; the shutdown hook stops it gracefully and kills every process it started.
 */
public final class SidecarMain {

  private SidecarMain() {}

  /**
   * Entry point.
   *
   * @param args ignored: configuration comes from the environment
   */
  public static void main(String[] args) throws InterruptedException {
    SidecarLogging.configure(System.getenv(SidecarEnvironment.LOG_FORMAT));
    SidecarConfig config;
    try {
      config = SidecarEnvironment.read(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    SidecarServer server;
    try {
      server = SidecarServer.start(config);
    } catch (IOException | RuntimeException e) {
      System.err.println("Failed to start the sidecar: " + e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "arl-sidecar-shutdown"));
    server.awaitTermination();
  }
}
