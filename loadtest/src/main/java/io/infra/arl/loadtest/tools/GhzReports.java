package io.infra.arl.loadtest.tools;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;

/** Reads ghz's JSON report ({@code --format json}): counts, rps, latency distribution in ns. */
public final class GhzReports {
  private GhzReports() {}

  /** The report's numbers; {@code offered} is the configured rate. */
  public static ToolReport parse(String name, double offered, String json) {
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    long count = root.get("count").getAsLong();
    long ok = 0;
    JsonObject statuses =
        root.has("statusCodeDistribution")
            ? root.getAsJsonObject("statusCodeDistribution")
            : new JsonObject();
    for (Map.Entry<String, JsonElement> e : statuses.entrySet()) {
      if (e.getKey().equals("OK")) {
        ok = e.getValue().getAsLong();
      }
    }
    StringBuilder summary = new StringBuilder();
    if (root.has("errorDistribution") && root.get("errorDistribution").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e :
          root.getAsJsonObject("errorDistribution").entrySet()) {
        summary.append(e.getValue().getAsLong()).append("× ").append(e.getKey()).append("; ");
      }
    }
    return new ToolReport(
        name,
        offered,
        root.get("rps").getAsDouble(),
        count,
        percentile(root, 50),
        percentile(root, 99),
        -1,
        count - ok,
        summary.toString().strip());
  }

  private static long percentile(JsonObject root, int percentage) {
    if (!root.has("latencyDistribution") || !root.get("latencyDistribution").isJsonArray()) {
      return -1;
    }
    for (JsonElement e : root.getAsJsonArray("latencyDistribution")) {
      JsonObject point = e.getAsJsonObject();
      if (point.get("percentage").getAsInt() == percentage) {
        return point.get("latency").getAsLong() / 1_000;
      }
    }
    return -1;
  }
}
