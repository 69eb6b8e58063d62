package io.infra.arl.operator.task.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Task timeouts written as Go durations ({@code 30s}, {@code 1h30m}, {@code 1.5s}). */
public final class TaskDurations {

  /** Timeout of a Task that gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern WHOLE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:ns|us|ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");

  private TaskDurations() {}

  /**
   * The duration; {@link #DEFAULT_TIMEOUT} for null or blank.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_TIMEOUT;
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "timeout: " + text + " (expected: a duration such as 30s, 5m or 1h30m)");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      nanos =
          nanos.add(
              new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
  }
}
