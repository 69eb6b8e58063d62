/** Runs Task steps against the sandbox's sidecar and records their results. */
package io.infra.arl.operator.task.reconcile;
