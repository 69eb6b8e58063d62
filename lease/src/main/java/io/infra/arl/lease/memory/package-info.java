/** The lease store of the local mode: leases in a map, expired by an injected clock. */
package io.infra.arl.lease.memory;
