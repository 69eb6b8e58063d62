/** The ARL-Infra operator: Kubernetes controllers for WarmPools, Sandboxes, Tasks and expiry. */
package io.infra.arl.operator;
