package io.infra.arl.testing.kube;

import java.nio.file.Path;
import java.util.List;

/**
 * The command lines of the test etcd and kube-apiserver: loopback only, and tuned to start fast and
 * stay light on a 2-core machine.
 */
final class KubeServerArgs {

  /** The service IP range; the apiserver allocates ClusterIPs from it (nothing routes them). */
  static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/16";

  /** The issuer (and audience) of the service-account tokens the apiserver signs. */
  static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

  private KubeServerArgs() {}

  /** A single-member etcd on 127.0.0.1 that skips fsync (test data is thrown away anyway). */
  static List<String> etcd(Path binary, Path workDir, int clientPort, int peerPort) {
    String clientUrl = "http://127.0.0.1:" + clientPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    return List.of(
        binary.toString(),
        "--name=arl-test",
        "--data-dir=" + workDir.resolve("etcd-data"),
        "--listen-client-urls=" + clientUrl,
        "--advertise-client-urls=" + clientUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=arl-test=" + peerUrl,
        "--unsafe-no-fsync=true",
        "--log-level=warn");
  }

  /**
   * kube-apiserver on 127.0.0.1 with client-certificate authentication against the test CA, RBAC
   * authorization and service-account token signing. Admission plugins that only make sense with
   * controllers we do not run are disabled: {@code ServiceAccount} (it rejects every pod until the
   * token controller has created the namespace's {@code default} account). Priority and fairness is
   * off: its bookkeeping costs CPU on 2 cores and a test never needs request queuing.
   */
  static List<String> apiserver(
      Path binary, Path workDir, KubePki pki, String etcdUrl, int securePort) {
    return List.of(
        binary.toString(),
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + securePort,
        "--cert-dir=" + workDir.resolve("apiserver-certs"),
        "--tls-cert-file=" + pki.serverCert(),
        "--tls-private-key-file=" + pki.serverKey(),
        "--client-ca-file=" + pki.caCert(),
        "--authorization-mode=RBAC",
        "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountKey(),
        "--service-cluster-ip-range=" + SERVICE_CLUSTER_IP_RANGE,
        "--disable-admission-plugins=ServiceAccount",
        "--enable-priority-and-fairness=false",
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
        "--profiling=false");
  }
}
