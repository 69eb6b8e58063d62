/** Flow-controlled relays of sidecar streams (exec output, file chunks) to agents. */
package io.infra.arl.gateway.exec;
