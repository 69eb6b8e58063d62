package io.infra.arl.gateway.pool;

/**
 * A sandbox a pool offers: its id and where its sidecar listens.
 *
 * @param id sandbox id, unique across gateways sharing a lease store
 * @param pool the pool it belongs to
 * @param host sidecar host (an IP address)
 * @param port sidecar gRPC port
 */
public record SandboxTarget(String id, String pool, String host, int port) {}
