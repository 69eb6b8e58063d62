package io.infra.arl.loadtest.tools;

/**
 * The numbers the report takes from one ghz or k6 run. Latencies in microseconds; a percentile the
 * tool does not compute is -1.
 *
 * @param name scenario name
 * @param offeredPerSecond the configured arrival rate
 * @param achievedPerSecond requests (or iterations) per second the tool completed
 * @param count requests (or iterations) completed
 * @param p50 median latency
 * @param p99 99th percentile
 * @param p999 99.9th percentile, or -1
 * @param errors failed requests (non-OK statuses, failed checks)
 * @param errorSummary what failed, or empty
 */
public record ToolReport(
    String name,
    double offeredPerSecond,
    double achievedPerSecond,
    long count,
    long p50,
    long p99,
    long p999,
    long errors,
    String errorSummary) {}
