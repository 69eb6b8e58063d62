package io.infra.arl.loadtest.report;

import java.util.Locale;

/** How numbers are written in the report's cells: fixed units, so columns compare at a glance. */
public final class Cells {
  private Cells() {}

  /** Microseconds as milliseconds with three decimals below 10 ms, fewer above. */
  public static String ms(long micros) {
    double ms = micros / 1000.0;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.3f", ms);
    }
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%,.0f", ms);
  }

  /** A duration as people write it: {@code 8 s}, {@code 200 ms}, {@code 1.5 s}. */
  public static String duration(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** A rate per second, whole. */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  /** A ratio such as {@code 23.4x}. */
  public static String ratio(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, ratio < 10 ? "%.2fx" : "%.1fx", ratio);
  }

  /** Bytes as KiB with one decimal. */
  public static String kib(double bytes) {
    return String.format(Locale.ROOT, "%,.1f KiB", bytes / 1024);
  }

  /** Bytes as MiB with one decimal. */
  public static String mib(double bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024 * 1024));
  }

  /** A percentage with one decimal. */
  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** A whole number with thousands separators. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
