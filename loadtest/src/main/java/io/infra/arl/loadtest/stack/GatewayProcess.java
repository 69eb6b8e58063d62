package io.infra.arl.loadtest.stack;

/**
 * A running gateway under test.
 *
 * @param settings what it was started with
 * @param process its JVM
 * @param port its gRPC port on 127.0.0.1
 */
public record GatewayProcess(GatewaySettings settings, JavaProcess process, int port)
    implements AutoCloseable {

  /** {@code host:port}, as ghz, k6 and grpcurl take it. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** Stops the gateway (its JFR recording, if any, is written now). */
  @Override
  public void close() {
    process.close();
  }
}
