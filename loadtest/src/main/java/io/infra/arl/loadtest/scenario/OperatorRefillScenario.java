package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.Percentiles;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import io.infra.arl.loadtest.stack.KubernetesStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Refill by the operator in Kubernetes mode: one claim at a time from the pool with {@code
 * releasePolicy: Delete} through a gateway, while a pod informer of the harness on the same
 * apiserver notes when the claimed pod shows {@code pod-state=allocated} (the claim becomes
 * visible) and when the operator's replacement pod is created (its ADDED event). Both are timed
 * from the harness's clock on the events as they arrive, so the informer's own delay is included.
 */
final class OperatorRefillScenario {
  static final String TITLE = "Kubernetes mode: refill by the operator";
  private static final long P50_TARGET_US = 100_000;
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

  private OperatorRefillScenario() {}

  static ScenarioResult run(Plan plan, KubernetesStack stack, GatewayCalls calls, PodWatch events)
      throws InterruptedException {
    BlockingQueue<Long> arrivals = events.arrivals(KubernetesStack.REFILL_POOL);
    Histogram fromAnswer = new Histogram(3);
    Histogram fromLabel = new Histogram(3);
    List<String> details = new ArrayList<>();
    for (int i = 0; i < plan.refillSamples(); i++) {
      ClaimOps.awaitRefilled(calls, KubernetesStack.REFILL_POOL, stack.refillReplicas());
      arrivals.clear();
      ClaimResponse claim =
          calls
              .claim(GatewayCalls.spec(KubernetesStack.REFILL_POOL, 0, 10_000))
              .orTimeout(30, TimeUnit.SECONDS)
              .join();
      long answered = System.nanoTime();
      String pod = claim.getSandbox().getId().substring(KubernetesStack.NAMESPACE.length() + 1);
      Long created = arrivals.poll(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Long labelled = events.awaitAllocated(pod);
      if (created == null || labelled == null) {
        details.add("refill " + i + ": pod " + pod + " allocated=" + labelled + " new=" + created);
      } else {
        fromAnswer.recordValue(Math.max(0, created - answered) / 1_000);
        fromLabel.recordValue(Math.max(0, created - labelled) / 1_000);
      }
      calls.release(GatewayCalls.ref(claim)).orTimeout(30, TimeUnit.SECONDS).join();
    }
    return result(plan, stack, Percentiles.of(fromAnswer), Percentiles.of(fromLabel), details);
  }

  private static ScenarioResult result(
      Plan plan,
      KubernetesStack stack,
      Percentiles fromAnswer,
      Percentiles fromLabel,
      List<String> details) {
    Table table =
        Table.of("replacement pod created, measured from", "samples", "p50", "p99", "max")
            .with(row("the claim's answer (gateway)", fromAnswer))
            .with(row("the pod labelled allocated (claim visible)", fromLabel));
    boolean ok = fromLabel.count() > 0 && fromLabel.p50() <= P50_TARGET_US && details.isEmpty();
    Section section =
        new Section(
            TITLE,
            """
            %d sequential claims through gateway 0 from WarmPool `%s` (%d replicas,
            `releasePolicy: Delete`). The gateway answers, then marks the pod
            `arl.infra.io/pod-state=allocated` asynchronously; claimed pods do not count towards
            the replicas, so the operator creates a replacement. A pod informer of the harness on
            the same apiserver times the ADDED event of the replacement from two starts: the
            claim's answer, and the moment the claimed pod was seen labelled allocated (the claim
            visible to the operator; the target). Each sandbox is released (its pod deleted) and
            the gateway shows the pool full again before the next claim.
            """
                .formatted(
                    plan.refillSamples(), KubernetesStack.REFILL_POOL, stack.refillReplicas()),
            List.of(table),
            List.of(
                "Both times include the harness informer's own watch delay; the operator's"
                    + " informer sees the same events at about the same moment."));
    TargetCheck target =
        new TargetCheck(
            "Kubernetes mode: refill: replacement created <= 100 ms (p50) after a claim is"
                + " visible",
            "operator: p50 "
                + Cells.ms(fromLabel.p50())
                + " ms, p99 "
                + Cells.ms(fromLabel.p99())
                + " ms from the allocated label (from the claim's answer: p50 "
                + Cells.ms(fromAnswer.p50())
                + " ms)",
            Verdict.of(ok),
            TITLE);
    return new ScenarioResult(section, List.of(target), details.size(), details, List.of());
  }

  private static String[] row(String from, Percentiles p) {
    return new String[] {
      from, Cells.count(p.count()), Cells.ms(p.p50()), Cells.ms(p.p99()), Cells.ms(p.max())
    };
  }
}
