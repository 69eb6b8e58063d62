/** What the WarmPool planner sees of a pool's pods: plain values, no client library. */
package io.infra.arl.operator.warmpool.model;
