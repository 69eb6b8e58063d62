/** The benchmark scenarios, each measuring one target against its same-run baseline. */
package io.infra.arl.loadtest.scenario;
