package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.Percentiles;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.Profile;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the claim-latency measurements into their section, summary rows and profile. */
final class ClaimLatencyReport {
  private static final long P50_TARGET_US = 1_000;
  private static final long P99_TARGET_US = 5_000;
  private static final double RATIO_TARGET = 20;
  private static final int TARGET_RATE = 500;

  /**
   * What the scenario measured, per rate.
   *
   * @param ours the gateway's claims
   * @param serverSide the gateway's own {@code claim_latency_us}
   * @param kube the Kubernetes-way claims
   * @param releaseErrors gateway releases that failed
   */
  record Measured(
      Map<Integer, RunResult> ours,
      Map<Integer, Percentiles> serverSide,
      Map<Integer, KubeBaseline.Phase> kube,
      long releaseErrors) {}

  /**
   * What differs between the backends in the report.
   *
   * @param title the section's heading
   * @param mode prefix of the summary rows ("" or "Kubernetes mode: ")
   * @param gateway what the gateway side is: its setup, in a sentence for the description
   * @param apiserver which apiserver the baseline runs against, for the description
   */
  record Wording(String title, String mode, String gateway, String apiserver) {
    static Wording local(Plan plan, JitWarmUp.Outcome warmUp) {
      return new Wording(
          ClaimLatencyScenario.TITLE,
          "",
          ("`Claim` through the shared gateway (%d ready sandboxes, leases in a real"
                  + " redis-server), warmed first with %s at %d claims/s")
              .formatted(plan.sharedPool(), warmUp.describe(), JitWarmUp.CLAIM_RATE),
          "the run's real kube-apiserver + etcd");
    }
  }

  private ClaimLatencyReport() {}

  static ScenarioResult result(
      SuiteContext context, Measured m, Recording jfr, JitWarmUp.Outcome warmUp) {
    return result(context.plan(), Wording.local(context.plan(), warmUp), m, jfr);
  }

  static ScenarioResult result(Plan plan, Wording w, Measured m, Recording jfr) {
    int rate = m.ours().containsKey(TARGET_RATE) ? TARGET_RATE : maxRate(m);
    RunResult ours = m.ours().get(rate);
    boolean latencyOk =
        ours.latency().p50() <= P50_TARGET_US
            && ours.latency().p99() <= P99_TARGET_US
            && ours.failed() == 0;
    List<Profile> profiles = latencyOk ? List.of() : jfr.profile("gateway during " + w.title());
    return new ScenarioResult(
        section(plan, w, m), targets(w, m, rate, latencyOk), errors(m), details(m), profiles);
  }

  private static int maxRate(Measured m) {
    return m.ours().keySet().stream().max(Integer::compare).orElseThrow();
  }

  // No ratio when either side answered nothing: a p99 of no claims is not a time.
  private static double ratio(RunResult kube, RunResult ours) {
    if (kube.latency().count() == 0 || ours.latency().count() == 0) {
      return Double.NaN;
    }
    return kube.latency().p99() / (double) Math.max(1, ours.latency().p99());
  }

  private static List<TargetCheck> targets(Wording w, Measured m, int rate, boolean latencyOk) {
    RunResult ours = m.ours().get(rate);
    RunResult kube = m.kube().get(rate).run();
    double ratio = ratio(kube, ours);
    String at = "at " + rate + "/s: ";
    return List.of(
        new TargetCheck(
            w.mode() + "Claim p50 <= 1 ms, p99 <= 5 ms at 500 claims/s (gateway, Redis)",
            at
                + "p50 "
                + Cells.ms(ours.latency().p50())
                + " ms, p99 "
                + Cells.ms(ours.latency().p99())
                + " ms, "
                + ours.failed()
                + " errors",
            Verdict.of(latencyOk),
            w.title()),
        new TargetCheck(
            w.mode() + ">= 20x faster than the Kubernetes way at p99",
            at
                + Cells.ratio(ratio)
                + " (Kubernetes way p99 "
                + Cells.ms(kube.latency().p99())
                + " ms, "
                + kube.failed()
                + " errors)",
            Verdict.of(ratio >= RATIO_TARGET && ours.failed() == 0),
            w.title()));
  }

  private static long errors(Measured m) {
    long errors = m.releaseErrors();
    for (int rate : m.ours().keySet()) {
      KubeBaseline.Phase k = m.kube().get(rate);
      errors += m.ours().get(rate).failed() + k.run().failed() + k.failedReleases();
    }
    return errors;
  }

  private static List<String> details(Measured m) {
    List<String> details = new ArrayList<>();
    if (m.releaseErrors() > 0) {
      details.add("gateway releases: " + m.releaseErrors() + " failed");
    }
    for (int rate : m.ours().keySet()) {
      details.addAll(Runs.details("gateway claims at " + rate + "/s", m.ours().get(rate)));
      KubeBaseline.Phase k = m.kube().get(rate);
      details.addAll(Runs.details("kubernetes claims at " + rate + "/s", k.run()));
      k.releaseErrors()
          .forEach(
              (kind, n) ->
                  details.add("kubernetes releases at " + rate + "/s: " + n + "× " + kind));
    }
    return details;
  }

  private static Table latencies(Measured m) {
    Table table =
        Table.of("claims/s", "path", "p50", "p99", "p999", "achieved/s", "errors", "p99 ratio");
    for (int rate : m.ours().keySet()) {
      RunResult ours = m.ours().get(rate);
      RunResult kube = m.kube().get(rate).run();
      String r = Integer.toString(rate);
      table =
          table
              .with(Runs.append(Runs.row(ours, r, "gateway (Redis)"), ""))
              .with(
                  Runs.append(
                      Runs.row(kube, r, "Kubernetes way"),
                      Cells.ratio(ratio(kube, ours)) + " (k8s / ours)"));
    }
    return table;
  }

  private static Table breakdown(Plan plan, Measured m) {
    Table table =
        Table.of(
            "claims/s",
            "gateway-reported p50",
            "p99",
            "p999",
            "k8s lists per claim",
            "k8s CAS conflicts per claim");
    for (int rate : m.ours().keySet()) {
      Percentiles s = m.serverSide().get(rate);
      KubeBaseline.Phase k = m.kube().get(rate);
      double claims =
          Math.max(1, k.run().sent() + new ArrivalSchedule(rate, plan.warmup()).count());
      table =
          table.with(
              Integer.toString(rate),
              Cells.ms(s.p50()),
              Cells.ms(s.p99()),
              Cells.ms(s.p999()),
              String.format(Locale.ROOT, "%.2f", k.lists() / claims),
              String.format(Locale.ROOT, "%.2f", k.conflicts() / claims));
    }
    return table;
  }

  private static Section section(Plan plan, Wording w, Measured m) {
    return new Section(
        w.title(),
        """
        Open-loop claims at each rate for %s (after %s of warm-up at the same rate, and once
        before the first rate %s at %d/s), each released as soon as it is answered (the release
        is not timed). **gateway**: %s.
        **Kubernetes way**: the same rates against %s with the
        official Java client: list the %d ready pods of the pool by label selector, then `PUT` one
        with `arl.infra.io/pod-state=allocated` and the resourceVersion it was read at (409
        Conflict: next candidate; all conflicted: list again), 10 s deadline; the pod is given
        back the same way. The second table shows the claim as the gateway itself times it
        (`claim_latency_us`, from the request to the bound sandbox) and the baseline's extra work.
        """
            .formatted(
                Cells.duration(plan.measure()),
                Cells.duration(plan.warmup()),
                Cells.duration(plan.warmup().multipliedBy(3)),
                ClaimLatencyScenario.PREWARM_RATE,
                w.gateway(),
                w.apiserver(),
                plan.kubePool()),
        List.of(latencies(m), breakdown(plan, m)),
        List.of(
            "An overloaded phase builds a queue: latencies grow with it, arrivals beyond two"
                + " seconds of backlog count as `client backlog` errors and requests unanswered 15 s"
                + " after the last arrival as `timeout` errors.",
            "The baseline is a best case for Kubernetes: etcd runs with `--unsafe-no-fsync`, API"
                + " priority and fairness is off, and the client talks to the apiserver on loopback"
                + " (ADR 0005)."));
  }
}
