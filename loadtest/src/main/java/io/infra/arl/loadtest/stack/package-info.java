/** The systems under test as child processes: gateways, standalone sidecars, and their probes. */
package io.infra.arl.loadtest.stack;
