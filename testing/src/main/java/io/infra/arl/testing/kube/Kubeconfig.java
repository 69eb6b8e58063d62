package io.infra.arl.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a self-contained kubeconfig (certificates inline) for the admin user of a test cluster, so
 * the file works for the Java client, for kubectl and for helm, even when copied elsewhere.
 */
final class Kubeconfig {

  /** The name of the cluster, user and context in the written kubeconfig. */
  static final String CONTEXT = "arl-test";

  private Kubeconfig() {}

  /** Writes the kubeconfig for {@code serverUrl} to {@code file}. */
  static Path write(Path file, String serverUrl, KubePki pki) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        users:
        - name: %4$s
          user:
            client-certificate-data: %5$s
            client-key-data: %6$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %4$s
            namespace: default
        current-context: %1$s
        """
            .formatted(
                CONTEXT,
                serverUrl,
                base64(pki.caCert()),
                KubePki.ADMIN_USER,
                base64(pki.adminCert()),
                base64(pki.adminKey()));
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write kubeconfig " + file, e);
    }
  }

  private static String base64(Path pem) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + pem, e);
    }
  }
}
