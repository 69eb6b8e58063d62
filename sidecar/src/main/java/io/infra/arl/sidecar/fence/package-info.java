/** Fencing: the one lease a sidecar serves, bound by token, and cutting off older holders. */
package io.infra.arl.sidecar.fence;
