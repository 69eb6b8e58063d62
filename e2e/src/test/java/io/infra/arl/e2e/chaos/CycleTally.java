package io.infra.arl.e2e.chaos;

import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counts of the agents' cycles: completed ones per gateway, failed ones by phase and status. */
final class CycleTally {
  private final AtomicLongArray completedByGateway;
  private final LongAdder claims = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  CycleTally(int gateways) {
    this.completedByGateway = new AtomicLongArray(gateways);
  }

  void claimed() {
    claims.increment();
  }

  void completedThrough(int gateway) {
    completedByGateway.incrementAndGet(gateway);
  }

  void failed(String phase, Status.Code code) {
    failed(phase, code.name());
  }

  void failed(String phase, String why) {
    failures.computeIfAbsent(phase + " " + why, k -> new LongAdder()).increment();
  }

  long claims() {
    return claims.sum();
  }

  long completed() {
    long sum = 0;
    for (int i = 0; i < completedByGateway.length(); i++) {
      sum += completedByGateway.get(i);
    }
    return sum;
  }

  long completed(int gateway) {
    return completedByGateway.get(gateway);
  }

  /** Failures by "phase STATUS", sorted. */
  Map<String, Long> failures() {
    Map<String, Long> sorted = new TreeMap<>();
    failures.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }

  long failed() {
    return failures.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
