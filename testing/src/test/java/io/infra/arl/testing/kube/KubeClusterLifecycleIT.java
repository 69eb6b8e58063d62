package io.infra.arl.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.tools.Tool;
import io.infra.arl.testing.tools.ToolBinaries;
import io.kubernetes.client.openapi.apis.VersionApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster of its own (not the shared one), to prove start-up and a clean teardown. */
class KubeClusterLifecycleIT {

  @Test
  void startsThePinnedVersionAndLeavesNothingBehindWhenClosed() throws Exception {
    ToolBinaries binaries = ToolBinaries.fromEnvironment();
    List<ProcessHandle> processes;
    Path workDir;
    try (KubeCluster cluster = KubeCluster.start(binaries)) {
      processes = cluster.processTree();
      workDir = cluster.workDir();

      String gitVersion = new VersionApi(cluster.apiClient()).getCode().execute().getGitVersion();
      assertThat(gitVersion).isEqualTo(binaries.version(Tool.KUBE_APISERVER));
      assertThat(processes)
          .extracting(process -> process.info().command().orElse(""))
          .anyMatch(command -> command.endsWith("/kube-apiserver"))
          .anyMatch(command -> command.endsWith("/etcd"));
      assertThat(Files.readString(cluster.kubeconfigPath()))
          .contains("server: " + cluster.serverUrl());
    }

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(workDir).doesNotExist();
  }
}
