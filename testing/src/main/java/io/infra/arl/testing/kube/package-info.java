/** Runs a real kube-apiserver with etcd on loopback for tests, as a JUnit 5 extension. */
package io.infra.arl.testing.kube;
