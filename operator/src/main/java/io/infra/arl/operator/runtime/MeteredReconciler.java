package io.infra.arl.operator.runtime;

import io.infra.arl.operator.metrics.OperatorMetrics;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every reconcile and turns a failure into one WARN line and a rate-limited retry (the work
 * queue backs off exponentially), instead of client-java's stack trace at ERROR.
 */
record MeteredReconciler(String controller, Reconciler delegate, OperatorMetrics metrics)
    implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(MeteredReconciler.class);

  @Override
  public Result reconcile(Request request) {
    long start = System.nanoTime();
    boolean failed = false;
    try {
      return delegate.reconcile(request);
    } catch (RuntimeException e) {
      failed = true;
      LOG.warn(
          "Failed reconcile controller={} object={}/{} error={}",
          controller,
          request.getNamespace(),
          request.getName(),
          e.toString());
      return new Result(true);
    } finally {
      metrics.reconciled(controller, Duration.ofNanos(System.nanoTime() - start), failed);
    }
  }
}
