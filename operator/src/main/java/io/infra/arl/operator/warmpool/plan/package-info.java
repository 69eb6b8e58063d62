/** Desired state of a WarmPool computed from observed state: pure functions, table-tested. */
package io.infra.arl.operator.warmpool.plan;
