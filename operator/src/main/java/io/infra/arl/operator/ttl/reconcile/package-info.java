/** Reaps allocated pods whose lease is gone or expired (a crashed gateway's claims). */
package io.infra.arl.operator.ttl.reconcile;
