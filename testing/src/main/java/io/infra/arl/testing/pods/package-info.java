/**
 * A kubelet stand-in for tests: runs a real sidecar per pod on its own loopback address and reports
 * the pod Running and Ready.
 */
package io.infra.arl.testing.pods;
