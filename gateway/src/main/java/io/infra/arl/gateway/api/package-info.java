/**
 * Thin gRPC adapters: proto to domain and back, and the one mapping of failures to status codes.
 */
package io.infra.arl.gateway.api;
