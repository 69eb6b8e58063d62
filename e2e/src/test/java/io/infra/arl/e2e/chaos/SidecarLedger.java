package io.infra.arl.e2e.chaos;

import io.infra.arl.sidecar.SidecarObserver;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What every pod's sidecar saw, kept by the sidecars themselves (the stand-in runs them in this
 * JVM): for each pod, the span of each lease from its Bind to the last call it was served. Two
 * leases whose spans overlap on one pod are a double-serve.
 */
final class SidecarLedger implements Function<String, SidecarObserver> {
  private final Spans leases = new Spans();
  private final LongAdder binds = new LongAdder();
  private final LongAdder calls = new LongAdder();

  @Override
  public SidecarObserver apply(String pod) {
    return new SidecarObserver() {
      @Override
      public void onBind(String leaseId, long fencingToken) {
        binds.increment();
        leases.touch(pod, leaseId, System.nanoTime());
      }

      @Override
      public void onCallServed(String leaseId, long fencingToken, String fullMethodName) {
        calls.increment();
        leases.touch(pod, leaseId, System.nanoTime());
      }
    };
  }

  Spans leases() {
    return leases;
  }

  long binds() {
    return binds.sum();
  }

  long calls() {
    return calls.sum();
  }
}
