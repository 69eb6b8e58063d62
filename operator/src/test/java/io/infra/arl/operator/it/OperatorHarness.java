package io.infra.arl.operator.it;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.infra.arl.operator.runtime.Operator;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Starts and restarts an operator confined to one test namespace, the way a test needs it: no
 * leader election unless asked, an in-memory lease store shared across restarts (a real Redis store
 * where a test passes one), a fresh meter registry.
 */
final class OperatorHarness implements AutoCloseable {

  private final KubeApiServerExtension kube;
  private final OperatorConfig config;
  private final LeaseStore leases;
  private final Clock clock;
  private final AtomicReference<Operator> current = new AtomicReference<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  OperatorHarness(KubeApiServerExtension kube, String namespace) {
    this(
        kube,
        OperatorConfig.defaults().withNamespace(namespace).withLeaderElection(false),
        new InMemoryLeaseStore(Clock.systemUTC()),
        Clock.systemUTC());
  }

  OperatorHarness(
      KubeApiServerExtension kube, OperatorConfig config, LeaseStore leases, Clock clock) {
    this.kube = kube;
    this.config = config;
    this.leases = leases;
    this.clock = clock;
  }

  /** Starts an operator (its own API client, as a separate process would have). */
  Operator start() {
    Operator operator =
        Operator.start(
            kube.newApiClient(), leases, config, new OperatorMetrics(registry), clock, () -> {});
    current.set(operator);
    Awaitility.await("operator caches synced")
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator.cache().hasSynced());
    return operator;
  }

  /** Stops the running operator and starts a new one with empty memory. */
  Operator restart() {
    stop();
    return start();
  }

  /** Where the operators this harness starts record their meters. */
  SimpleMeterRegistry registry() {
    return registry;
  }

  /** The running operator. */
  Operator operator() {
    return current.get();
  }

  LeaseStore leases() {
    return leases;
  }

  void stop() {
    Operator operator = current.getAndSet(null);
    if (operator != null) {
      operator.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
