package io.infra.arl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** What a test does when a binary is missing: skip without Go, fail with Go. */
class ToolBinariesIT {

  @TempDir Path emptyCache;

  @Test
  void missingBinaryFailsNamingTheScriptWhenGoCouldBuildIt() {
    ToolBinaries binaries = new ToolBinaries(emptyCache, ToolVersions.load(), true);

    assertThatThrownBy(() -> binaries.require(Tool.GRPCURL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tools/build-tools.sh grpcurl")
        .hasMessageContaining(emptyCache.toString());
  }

  @Test
  void missingBinarySkipsNamingTheScriptWhenThereIsNoGo() {
    ToolBinaries binaries = new ToolBinaries(emptyCache, ToolVersions.load(), false);

    assertThatThrownBy(() -> binaries.require(Tool.KUBE_APISERVER))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("tools/build-tools.sh");
  }

  @Test
  void cacheRootHonoursTheOverride() {
    assertThat(ToolBinaries.cacheRoot(Map.of("ARL_TOOLS_CACHE", "/tmp/x")))
        .isEqualTo(Path.of("/tmp/x"));
  }
}
