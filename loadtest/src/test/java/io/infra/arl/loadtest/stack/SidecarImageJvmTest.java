package io.infra.arl.loadtest.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SidecarImageJvmTest {

  @Test
  void optionsAreTheNonBlankLinesOfTheArgumentFile() {
    assertThat(SidecarImageJvm.parseOptions("-XX:+UseSerialGC\n\n# heap\n  -Xmx128m \n-Dx=a b\n"))
        .containsExactly("-XX:+UseSerialGC", "-Xmx128m", "-Dx=a b");
  }

  @Test
  void environmentIsWhatTheLauncherExportsAsOverridableDefaults() {
    String launcher =
        """
        #!/bin/sh
        PATH=${PATH:-/bin}:$ARL_HOME/tools
        export PATH
        export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        # export COMMENTED="${COMMENTED:-1}" is not at the start of a line
        export OTHER="${NOT_OTHER:-3}"
        exec java
        """;

    assertThat(SidecarImageJvm.parseLauncherDefaults(launcher))
        .containsExactly(java.util.Map.entry("MALLOC_ARENA_MAX", "2"));
  }
}
