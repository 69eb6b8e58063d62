/** Domain failures of the gateway and the one place that names their kinds. */
package io.infra.arl.gateway.failure;
