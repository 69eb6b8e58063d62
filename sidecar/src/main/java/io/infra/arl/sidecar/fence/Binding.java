package io.infra.arl.sidecar.fence;

/**
 * The lease a sidecar is bound to.
 *
 * @param leaseId the opaque lease id given to Bind
 * @param fencingToken the lease's fencing token
 * @param epoch which binding this is; it changes with every bind and unbind, so a caller admitted
 *     under one binding can tell that it was superseded even by the same lease
 */
public record Binding(String leaseId, long fencingToken, long epoch) {}
