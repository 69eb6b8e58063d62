package io.infra.arl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ToolVersionsTest {

  @Test
  void parsesKeyValueLinesAndIgnoresCommentsAndBlanks() {
    ToolVersions versions =
        ToolVersions.parse("# pinned\n\nKUBERNETES_VERSION=v1.34.4\nETCD_VERSION=v3.5.35\n");

    assertThat(versions.of(Tool.KUBE_APISERVER)).isEqualTo("v1.34.4");
    assertThat(versions.of(Tool.ETCD)).isEqualTo("v3.5.35");
  }

  @Test
  void refusesALineWithoutAValue() {
    assertThatThrownBy(() -> ToolVersions.parse("K6_VERSION=\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("K6_VERSION=");
  }

  @Test
  void namesTheMissingKey() {
    assertThatThrownBy(() -> ToolVersions.parse("").of(Tool.HELM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HELM_VERSION");
  }

  @Test
  void theBundledFilePinsEveryTool() {
    ToolVersions versions = ToolVersions.load();

    for (Tool tool : Tool.values()) {
      assertThat(versions.of(tool)).as(tool.versionKey()).matches("v\\d+\\.\\d+\\.\\d+");
    }
  }

  @Test
  void cacheLayoutMatchesTheBuildScript() {
    Path root = Path.of("/cache");

    assertThat(Tool.KUBE_APISERVER.pathIn(root, "v1.34.4"))
        .isEqualTo(Path.of("/cache/k8s/v1.34.4/kube-apiserver"));
    assertThat(Tool.ETCD.pathIn(root, "v3.5.35")).isEqualTo(Path.of("/cache/etcd/v3.5.35/etcd"));
    assertThat(Tool.GRPCURL.pathIn(root, "v1.9.4"))
        .isEqualTo(Path.of("/cache/tools/grpcurl-v1.9.4/grpcurl"));
  }
}
