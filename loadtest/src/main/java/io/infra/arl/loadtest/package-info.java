/** The benchmark suite's entry point: options, the plan of each mode, and the run itself. */
package io.infra.arl.loadtest;
