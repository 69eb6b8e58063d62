package io.infra.arl.gateway.config;

/**
 * Who this gateway is among the gateways sharing a lease store.
 *
 * @param id short, unique id: {@code arl.gateway.instance-id} or a random one
 */
public record GatewayIdentity(String id) {}
