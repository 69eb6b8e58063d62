/** Micrometer meters of the gateway. */
package io.infra.arl.gateway.metrics;
