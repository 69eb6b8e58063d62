/** Open-loop load generation: arrival schedules fixed up front, latency from the intended send. */
package io.infra.arl.loadtest.openloop;
