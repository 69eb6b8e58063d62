/** End-to-end tests of the whole product on the local Kubernetes dev stack. */
package io.infra.arl.e2e;
