package io.infra.arl.testing.tools;

import java.nio.file.Path;

/**
 * A real binary built by {@code tools/build-tools.sh}, with its place in the cache.
 *
 * <p>The cache layout here must match {@code tool_path} in the script: {@code k8s/<version>/},
 * {@code etcd/<version>/} and {@code tools/<name>-<version>/} under the cache root.
 */
public enum Tool {
  KUBE_APISERVER("kube-apiserver", "KUBERNETES_VERSION"),
  ETCD("etcd", "ETCD_VERSION"),
  GRPCURL("grpcurl", "GRPCURL_VERSION"),
  GHZ("ghz", "GHZ_VERSION"),
  K6("k6", "K6_VERSION"),
  HELM("helm", "HELM_VERSION");

  private final String executable;
  private final String versionKey;

  Tool(String executable, String versionKey) {
    this.executable = executable;
    this.versionKey = versionKey;
  }

  /** The file name of the binary, also the argument that builds only this tool. */
  public String executable() {
    return executable;
  }

  /** The key of this tool's version in {@code tools/versions.env}. */
  public String versionKey() {
    return versionKey;
  }

  /** Where the binary of {@code version} lives under {@code cacheRoot}. */
  public Path pathIn(Path cacheRoot, String version) {
    return switch (this) {
      case KUBE_APISERVER -> cacheRoot.resolve("k8s").resolve(version).resolve(executable);
      case ETCD -> cacheRoot.resolve("etcd").resolve(version).resolve(executable);
      default -> cacheRoot.resolve("tools").resolve(executable + "-" + version).resolve(executable);
    };
  }
}
