package io.infra.arl.loadtest.openloop;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a run, in microseconds.
 *
 * @param count recorded values
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value
 * @param mean arithmetic mean
 */
public record Percentiles(long count, long p50, long p99, long p999, long max, double mean) {

  /** No values recorded. */
  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

  /** Reads the percentiles of a histogram of microsecond values. */
  public static Percentiles of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return EMPTY;
    }
    return new Percentiles(
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue(),
        histogram.getMean());
  }
}
