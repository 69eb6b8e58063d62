package io.infra.arl.gateway.metrics;

import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters, exposed for Prometheus on the management port ({@code /prometheus}):
 *
 * <ul>
 *   <li>{@code arl_gateway_claim_seconds{pool,outcome}}: claim latency histogram, waiting included;
 *       outcome is {@code ok} or the failure kind
 *   <li>{@code arl_gateway_sessions_active}: open Session streams
 *   <li>{@code arl_gateway_pool_ready{pool}}, {@code arl_gateway_pool_allocated{pool}}: pool sizes
 *   <li>{@code arl_gateway_exec_seconds{outcome}}: exec durations (count = execs run)
 * </ul>
 */
@Singleton
public class GatewayMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger sessions = new AtomicInteger();
  // Meters are looked up once per tag set: building and registering one per claim or exec costs
  // allocations and a registry lookup on the hot path.
  private final ConcurrentHashMap<String, Timer> claimTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> execTimers = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry, PoolRegistry pools) {
    this.registry = registry;
    Gauge.builder("arl.gateway.sessions.active", sessions, AtomicInteger::get)
        .description("Open Session streams")
        .register(registry);
    pools.onAdded(pool -> registerPool(registry, pool));
  }

  private static void registerPool(MeterRegistry registry, SandboxPool pool) {
    Gauge.builder("arl.gateway.pool.ready", pool, p -> p.stats().ready())
        .tag("pool", pool.name())
        .description("Ready, unclaimed sandboxes")
        .register(registry);
    Gauge.builder("arl.gateway.pool.allocated", pool, p -> p.stats().allocated())
        .tag("pool", pool.name())
        .description("Claimed sandboxes")
        .register(registry);
  }

  /** Records one claim that started at {@code startedNanos} ({@link System#nanoTime()}). */
  public void claimed(String pool, long startedNanos, Throwable error) {
    String outcome = outcome(error);
    claimTimers
        .computeIfAbsent(pool + '\n' + outcome, key -> claimTimer(pool, outcome))
        .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  /** Sees every relayed exec event; records the exec when it exits. */
  public void execEvent(ExecEvent event) {
    if (!event.hasExited()) {
      return;
    }
    ExecExited exited = event.getExited();
    String outcome =
        exited.getTimedOut() ? "timeout" : exited.getExitCode() == 0 ? "ok" : "nonzero";
    execTimers
        .computeIfAbsent(
            outcome,
            key -> Timer.builder("arl.gateway.exec").tag("outcome", key).register(registry))
        .record(Duration.ofMillis(exited.getDurationMs()));
  }

  private Timer claimTimer(String pool, String outcome) {
    return Timer.builder("arl.gateway.claim")
        .tag("pool", pool)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  public void sessionOpened() {
    sessions.incrementAndGet();
  }

  public void sessionClosed() {
    sessions.decrementAndGet();
  }

  private static String outcome(Throwable error) {
    if (error == null) {
      return "ok";
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof GatewayException e) {
      return e.failure().name().toLowerCase(Locale.ROOT);
    }
    return "error";
  }
}
