package io.infra.arl.loadtest.tools;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON summary a k6 script writes from {@code handleSummary} (k6's {@code data} object):
 * trends in milliseconds with the script's {@code summaryTrendStats}, counters, checks, and which
 * thresholds were crossed.
 */
public final class K6Summary {
  private final JsonObject metrics;

  private K6Summary(JsonObject metrics) {
    this.metrics = metrics;
  }

  /** Parses the summary text. */
  public static K6Summary parse(String json) {
    return new K6Summary(JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("metrics"));
  }

  /** A trend's statistic (e.g. {@code med}, {@code p(99)}) in microseconds, or -1 when absent. */
  public long trendMicros(String metric, String stat) {
    double ms = stat(metric, stat);
    return ms < 0 ? -1 : Math.round(ms * 1000);
  }

  /** A statistic of a metric as k6 wrote it (milliseconds for time trends), or -1 when absent. */
  public double stat(String metric, String stat) {
    JsonObject values = values(metric);
    return values != null && values.has(stat) ? values.get(stat).getAsDouble() : -1;
  }

  /** A counter's count (0 when absent: k6 omits counters that were never added to). */
  public long count(String metric) {
    JsonObject values = values(metric);
    return values != null && values.has("count") ? values.get("count").getAsLong() : 0;
  }

  /** A metric's rate per second (counters, iterations), or 0. */
  public double rate(String metric) {
    JsonObject values = values(metric);
    return values != null && values.has("rate") ? values.get("rate").getAsDouble() : 0;
  }

  /** Failed checks. */
  public long failedChecks() {
    JsonObject values = values("checks");
    return values != null && values.has("fails") ? values.get("fails").getAsLong() : 0;
  }

  /** The thresholds that were crossed, as {@code metric: expression}. */
  public List<String> crossedThresholds() {
    List<String> crossed = new ArrayList<>();
    for (Map.Entry<String, JsonElement> metric : metrics.entrySet()) {
      JsonObject m = metric.getValue().getAsJsonObject();
      if (!m.has("thresholds")) {
        continue;
      }
      for (Map.Entry<String, JsonElement> t : m.getAsJsonObject("thresholds").entrySet()) {
        if (!t.getValue().getAsJsonObject().get("ok").getAsBoolean()) {
          crossed.add(metric.getKey() + ": " + t.getKey());
        }
      }
    }
    return crossed;
  }

  private JsonObject values(String metric) {
    return metrics.has(metric) ? metrics.getAsJsonObject(metric).getAsJsonObject("values") : null;
  }
}
