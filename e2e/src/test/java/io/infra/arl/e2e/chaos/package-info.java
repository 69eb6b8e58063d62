/**
 * The chaos test: many agents through three gateways while a gateway is SIGKILLed and restarted and
 * redis-server restarts empty, judged by what the sidecars themselves saw.
 */
package io.infra.arl.e2e.chaos;
