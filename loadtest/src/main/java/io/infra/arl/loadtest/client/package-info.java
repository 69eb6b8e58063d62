/** Asynchronous gRPC clients of the gateway and the sidecar, as a load generator needs them. */
package io.infra.arl.loadtest.client;
