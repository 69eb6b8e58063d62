/** The external load tools (ghz, k6): their configs, how they are run, and their JSON reports. */
package io.infra.arl.loadtest.tools;
