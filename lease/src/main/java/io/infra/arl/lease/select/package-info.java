/** Chooses a lease store from configuration, the one place that knows every implementation. */
package io.infra.arl.lease.select;
