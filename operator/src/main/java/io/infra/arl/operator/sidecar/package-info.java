/**
 * gRPC calls from the operator to pod sidecars (port 50051), carrying a lease's fencing metadata.
 */
package io.infra.arl.operator.sidecar;
