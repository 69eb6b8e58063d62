/**
 * The ARL-Infra custom resources (WarmPool, Sandbox, Task) as immutable records that client-java's
 * JSON and {@code GenericKubernetesApi} read and write, mirroring {@code deploy/crds/}.
 */
package io.infra.arl.kube.crd;
