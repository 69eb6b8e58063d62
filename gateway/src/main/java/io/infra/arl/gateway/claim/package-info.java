/** Claiming a ready sandbox: validation, arrival-order waiting and one lease-store round trip. */
package io.infra.arl.gateway.claim;
