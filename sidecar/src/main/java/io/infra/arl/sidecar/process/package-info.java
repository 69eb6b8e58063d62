/** Processes of execs: each in its own process group, with output pumps, timeouts and kills. */
package io.infra.arl.sidecar.process;
