package io.infra.arl.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the operator (Prometheus names):
 *
 * <ul>
 *   <li>{@code arl_operator_reconcile_seconds{controller}}: reconcile duration (histogram)
 *   <li>{@code arl_operator_reconcile_errors_total{controller}}: reconciles that failed
 *   <li>{@code arl_operator_pool_pods{namespace,pool,state}}: pods per state (ready, creating,
 *       allocated, failed) as of the last reconcile
 *   <li>{@code arl_operator_refill_seconds}: from a claim or loss visible to the operator until the
 *       replacement pod was created (histogram)
 *   <li>{@code arl_operator_tasks_total{result}}: finished Tasks (succeeded, failed)
 *   <li>{@code arl_operator_reaped_pods_total{reason}}: allocated pods the reaper deleted, by
 *       {@code ReleasedNotReturned}, {@code LeaseExpired}, {@code LeaseGone} (ADR 0028)
 * </ul>
 */
public final class OperatorMetrics {

  private final MeterRegistry registry;
  private final Timer refill;
  private final Map<String, AtomicInteger> poolGauges = new ConcurrentHashMap<>();

  /** Meters registered on {@code registry}. */
  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.refill =
        Timer.builder("arl.operator.refill")
            .description(
                "From a claim visible to the operator until the replacement pod was created")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Records one reconcile of {@code controller}. */
  public void reconciled(String controller, Duration duration, boolean failed) {
    Timer.builder("arl.operator.reconcile")
        .description("Reconcile duration")
        .tag("controller", controller)
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
    if (failed) {
      Counter.builder("arl.operator.reconcile.errors")
          .description("Reconciles that failed and were retried")
          .tag("controller", controller)
          .register(registry)
          .increment();
    }
  }

  /** Publishes a pool's pod counts. */
  public void poolPods(
      String namespace, String pool, int ready, int creating, int allocated, int failed) {
    gauge(namespace, pool, "ready").set(ready);
    gauge(namespace, pool, "creating").set(creating);
    gauge(namespace, pool, "allocated").set(allocated);
    gauge(namespace, pool, "failed").set(failed);
  }

  /** Records a refill latency. */
  public void refilled(Duration latency) {
    refill.record(latency);
  }

  /** Counts an allocated pod the reaper deleted. */
  public void podReaped(String reason) {
    Counter.builder("arl.operator.reaped.pods")
        .description("Allocated pods the reaper deleted")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Counts a finished Task. */
  public void taskFinished(boolean succeeded) {
    Counter.builder("arl.operator.tasks")
        .description("Finished Tasks")
        .tag("result", succeeded ? "succeeded" : "failed")
        .register(registry)
        .increment();
  }

  /** The refill timer, for tests and reports. */
  public Timer refillTimer() {
    return refill;
  }

  private AtomicInteger gauge(String namespace, String pool, String state) {
    return poolGauges.computeIfAbsent(
        namespace + "/" + pool + "/" + state,
        key -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder("arl.operator.pool.pods", value, AtomicInteger::get)
              .description("Pods of a pool per state")
              .tags("namespace", namespace, "pool", pool, "state", state)
              .register(registry);
          return value;
        });
  }
}
