/** Typed configuration of the gateway (prefix arl.gateway) and its pools (prefix arl.pools). */
package io.infra.arl.gateway.config;
