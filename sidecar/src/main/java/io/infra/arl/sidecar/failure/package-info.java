/**
 * Why the sidecar refuses a request, as a domain exception that the gRPC layer maps to a status.
 */
package io.infra.arl.sidecar.failure;
