package io.infra.arl.testing.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a real {@code redis-server} on a free loopback port for a test class (static
 * {@code @RegisterExtension} field or {@code @ExtendWith}, which also injects this extension as a
 * test parameter) or for each test (instance {@code @RegisterExtension} field).
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
 * RedisClient client = RedisClient.create(REDIS.uri());
 * REDIS.restart(); // same port, empty
 * }</pre>
 *
 * <p>Before each test the server is running again even if the previous test stopped it. The process
 * is always killed at the end, also when a test fails, and by a JVM shutdown hook if the JVM exits
 * first. Fails (does not skip) when {@code redis-server} is not installed.
 */
public final class RedisServerExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver {

  private final RedisServerProcess server = new RedisServerProcess();
  private volatile boolean perClass;

  /**
   * Creates the extension; the server starts when the first test (class) does.
   *
   * @throws IllegalStateException if redis-server is not on the PATH
   */
  public RedisServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // A test that simulated an outage must not leave the next test without Redis.
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      server.close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServerExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return this;
  }

  /** {@code redis://127.0.0.1:<port>}, for {@code RedisClient.create(uri)}. */
  public String uri() {
    return server.uri();
  }

  /** The loopback host the server listens on. */
  public String host() {
    return RedisServerProcess.HOST;
  }

  /** The port; the same for the whole life of this extension, across stops and restarts. */
  public int port() {
    return server.port();
  }

  /** Starts the server again after {@link #stop()} (same port, empty). No-op if running. */
  public void start() {
    server.start();
  }

  /** Stops the server to simulate an outage: connections are refused until {@link #start()}. */
  public void stop() {
    server.stop();
  }

  /** Restarts the server on the same port with no data and no cached scripts. */
  public void restart() {
    server.restart();
  }

  /** Whether the server process is alive. */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Attaches a {@link RedisMonitor} that records the commands clients send from now on. Close it at
   * the end of the test.
   */
  public RedisMonitor monitor() {
    return RedisMonitor.attach(port());
  }
}
