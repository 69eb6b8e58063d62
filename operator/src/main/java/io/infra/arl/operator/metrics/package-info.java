/** The operator's Prometheus metrics: reconciles, pool sizes, refill latency, tasks. */
package io.infra.arl.operator.metrics;
