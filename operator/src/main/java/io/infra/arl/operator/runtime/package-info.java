/**
 * Runs the controllers: Kubernetes access, informers, work queues, leader election, Micronaut
 * wiring.
 */
package io.infra.arl.operator.runtime;
