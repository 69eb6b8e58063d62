/** Status conditions computed the Kubernetes way: one per type, transition times kept. */
package io.infra.arl.operator.condition;
