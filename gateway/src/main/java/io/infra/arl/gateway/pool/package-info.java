/** The gateway's view of warm pools: ready sandboxes to claim, whatever backend provides them. */
package io.infra.arl.gateway.pool;
