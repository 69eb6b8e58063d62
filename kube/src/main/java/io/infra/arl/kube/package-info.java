/**
 * What the operator and the gateway share about Kubernetes: label and annotation keys, the pod
 * readiness predicate and the sandbox-id convention.
 */
package io.infra.arl.kube;
