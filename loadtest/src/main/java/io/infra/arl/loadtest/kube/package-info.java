/** The Kubernetes-way claim baseline: list ready pods by label, win one with a label CAS update. */
package io.infra.arl.loadtest.kube;
