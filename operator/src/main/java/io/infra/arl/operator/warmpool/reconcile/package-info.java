/** Applies WarmPool plans to the cluster: creates and deletes pods, writes the status. */
package io.infra.arl.operator.warmpool.reconcile;
