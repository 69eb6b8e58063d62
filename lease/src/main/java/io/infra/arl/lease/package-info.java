/** The claim protocol: exclusive, expiring, fenced leases on sandboxes, behind one interface. */
package io.infra.arl.lease;
