/** The sidecar: a gRPC server inside every sandbox pod, and its embedding API. */
package io.infra.arl.sidecar;
