package io.infra.arl.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The packaged jar, as {@code bin/gateway} and the image run it ({@code java -jar}). */
class GatewayJarIT {

  @Test
  void grantsNativeAccessSoNettyFreesDirectMemoryWithoutAHandshake() throws IOException {
    // Without it, Netty on JDK 25 frees each direct chunk by closing a shared Arena, a handshake
    // with every thread: streaming through the gateway fell to 60% of direct (ADR 0030).
    try (JarFile jar = new JarFile(packagedJar().toFile())) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Enable-Native-Access"))
          .isEqualTo("ALL-UNNAMED");
      assertThat(manifest.getMainAttributes().getValue("Main-Class")).isNotBlank();
    }
  }

  private static Path packagedJar() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target"), "gateway-*.jar")) {
      found.forEach(jars::add);
    }
    jars.removeIf(p -> p.getFileName().toString().endsWith("-sources.jar"));
    assertThat(jars).as("the jar built by the package phase").hasSize(1);
    return jars.get(0);
  }
}
