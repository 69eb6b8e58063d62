/**
 * The ARL-Infra gateway: what agents talk to. Start with {@link
 * io.infra.arl.gateway.GatewayApplication}.
 */
package io.infra.arl.gateway;
