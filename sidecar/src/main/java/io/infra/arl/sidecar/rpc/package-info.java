/** gRPC plumbing of the sidecar: fencing interceptor, status mapping, file and lease endpoints. */
package io.infra.arl.sidecar.rpc;
