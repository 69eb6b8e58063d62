/**
 * The local Kubernetes dev stack: apiserver, Redis, pod stand-in, operator and gateways on one
 * machine.
 */
package io.infra.arl.testing.stack;
