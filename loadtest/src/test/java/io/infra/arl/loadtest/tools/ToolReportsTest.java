package io.infra.arl.loadtest.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolReportsTest {

  @Test
  void readsGhzJsonWithLatenciesInNanosecondsAndNonOkStatusesAsErrors() {
    String json =
        """
        {"count": 212, "rps": 70.59, "average": 268766778,
         "statusCodeDistribution": {"OK": 192, "Unavailable": 20},
         "errorDistribution": {"rpc error: code = Unavailable desc = closed": 20},
         "latencyDistribution": [{"percentage": 50, "latency": 195013727},
                                 {"percentage": 99, "latency": 591794541}]}
        """;

    ToolReport report = GhzReports.parse("claim", 100, json);

    assertThat(report.count()).isEqualTo(212);
    assertThat(report.achievedPerSecond()).isEqualTo(70.59);
    assertThat(report.p50()).isEqualTo(195_013);
    assertThat(report.p99()).isEqualTo(591_794);
    assertThat(report.p999()).isEqualTo(-1);
    assertThat(report.errors()).isEqualTo(20);
    assertThat(report.errorSummary()).contains("20× rpc error: code = Unavailable");
  }

  @Test
  void readsK6SummaryTrendsCountersChecksAndCrossedThresholds() {
    String json =
        """
        {"metrics": {
          "session_open_ms": {"type": "trend", "values": {"med": 8, "p(99)": 73.2, "count": 60},
                              "thresholds": {"p(99)<=5": {"ok": false}}},
          "session_errors": {"type": "counter", "values": {"count": 1, "rate": 0.33},
                             "thresholds": {"count==0": {"ok": false}}},
          "checks": {"type": "rate", "values": {"rate": 1, "passes": 120, "fails": 0},
                     "thresholds": {"rate==1": {"ok": true}}}}}
        """;

    K6Summary summary = K6Summary.parse(json);

    assertThat(summary.trendMicros("session_open_ms", "p(99)")).isEqualTo(73_200);
    assertThat(summary.stat("session_open_ms", "count")).isEqualTo(60);
    assertThat(summary.trendMicros("missing", "med")).isEqualTo(-1);
    assertThat(summary.count("session_errors")).isEqualTo(1);
    assertThat(summary.count("never_added")).isZero();
    assertThat(summary.failedChecks()).isZero();
    assertThat(summary.crossedThresholds())
        .containsExactlyInAnyOrder("session_open_ms: p(99)<=5", "session_errors: count==0");
  }

  @Test
  void fillsGhzConfigsWithTargetRateDurationAndSandbox() {
    GhzConfig config = GhzConfig.load("exec-true");

    String filled =
        config.filled(
            "127.0.0.1:4242",
            12.4,
            java.time.Duration.ofSeconds(3),
            java.nio.file.Path.of("/tmp/r.json"),
            "default-x-abc",
            "tok_en-1");

    assertThat(config.rate()).isEqualTo(50);
    assertThat(filled)
        .contains("\"host\": \"127.0.0.1:4242\"")
        .contains("\"rps\": 12")
        .contains("\"duration\": \"3000ms\"")
        .contains("\"output\": \"/tmp/r.json\"")
        .contains("\"id\": \"default-x-abc\"")
        .contains("\"lease_token\": \"tok_en-1\"")
        .doesNotContain("@SANDBOX_ID@");
  }

  @Test
  void everyGhzScenarioHasAConfigOnTheClassPath() {
    for (String name : GhzConfig.SCENARIOS) {
      assertThat(GhzConfig.load(name).rate()).as(name).isPositive();
    }
  }
}
