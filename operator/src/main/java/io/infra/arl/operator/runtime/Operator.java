package io.infra.arl.operator.runtime;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.cluster.ClusterCache;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.ControllerManager;
import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: informer caches, the WarmPool, Sandbox, Task and pod-reaper controllers,
 * and (unless disabled) Lease leader election so that only one replica acts at a time.
 *
 * <p>Plain Java, so tests start and stop several in one JVM (an operator restart is {@link
 * #close()} then a new {@link #start}). Micronaut wires one in {@link OperatorLifecycle}.
 */
public final class Operator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private final OperatorConfig config;
  private final ClusterCache cache;
  private final Controllers controllers;
  private final ControllerManager manager;
  private final LeaderElector elector;
  private final String identity;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread runner;

  private Operator(
      ApiClient client,
      LeaseStore leases,
      OperatorConfig config,
      OperatorMetrics metrics,
      Clock clock,
      Runnable onLeadershipLost) {
    this.config = config;
    this.identity = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.cache = new ClusterCache(client, config.namespace());
    this.controllers = new Controllers(client, cache, leases, config, metrics, clock);
    Controller[] built = controllers.build();
    this.manager = new ControllerManager(cache.factory(), built);
    this.elector = config.leaderElection() ? elector(client) : null;
    this.runner =
        Thread.ofPlatform().name("arl-operator").daemon().unstarted(() -> run(onLeadershipLost));
  }

  /**
   * Starts an operator: caches fill, and controllers run once this replica leads.
   *
   * @param onLeadershipLost called when leadership is lost while running (the process should exit)
   */
  public static Operator start(
      ApiClient client,
      LeaseStore leases,
      OperatorConfig config,
      OperatorMetrics metrics,
      Clock clock,
      Runnable onLeadershipLost) {
    Operator operator = new Operator(client, leases, config, metrics, clock, onLeadershipLost);
    // Followers keep warm caches so that a failover acts at once; only the leader reconciles.
    operator.cache.start();
    operator.runner.start();
    LOG.info(
        "Started operator identity={} namespace={} leaderElection={}",
        operator.identity,
        config.namespace().isEmpty() ? "*" : config.namespace(),
        config.leaderElection());
    return operator;
  }

  /** Whether this replica currently runs the controllers. */
  public boolean isLeading() {
    return leading.get();
  }

  /** This replica's leader-election identity. */
  public String identity() {
    return identity;
  }

  /** The informer caches (tests read them). */
  public ClusterCache cache() {
    return cache;
  }

  /** The controllers' shared parts (tests inspect expectations and metrics). */
  public Controllers controllers() {
    return controllers;
  }

  private void run(Runnable onLeadershipLost) {
    if (elector == null) {
      lead();
      return;
    }
    elector.run(
        this::lead,
        () -> {
          manager.shutdown();
          leading.set(false);
          if (!closed.get()) {
            LOG.warn("Lost leadership identity={}", identity);
            onLeadershipLost.run();
          }
        });
  }

  private void lead() {
    if (closed.get()) {
      return;
    }
    leading.set(true);
    LOG.info("Acquired leadership identity={}", identity);
    manager.run();
  }

  private LeaderElector elector(ApiClient client) {
    String namespace = leaseNamespace(config, System.getenv());
    LeaseLock lock = new LeaseLock(namespace, config.leaderElectionLease(), identity, client);
    return new LeaderElector(
        new LeaderElectionConfig(lock, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD),
        e -> LOG.warn("Failed leader election round identity={} error={}", identity, e.toString()));
  }

  /** Where the leader-election Lease lives (see {@link OperatorConfig#leaderElectionNamespace}). */
  static String leaseNamespace(OperatorConfig config, Map<String, String> env) {
    if (!config.leaderElectionNamespace().isBlank()) {
      return config.leaderElectionNamespace();
    }
    String own = env.get("POD_NAMESPACE");
    if (own != null && !own.isBlank()) {
      return own;
    }
    return config.namespace().isBlank() ? "default" : config.namespace();
  }

  /** Stops the controllers and the caches, and gives up leadership. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Controllers first, so the manager's run() returns normally before the elector's threads stop.
    manager.shutdown();
    if (elector != null) {
      elector.close();
    }
    // A follower's campaign thread (a daemon) keeps sleeping between attempts that no longer run:
    // interrupting it only makes client-java log an ERROR, and the process is exiting anyway.
    controllers.close();
    leading.set(false);
    LOG.info("Stopped operator identity={}", identity);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "operator";
    }
  }
}
