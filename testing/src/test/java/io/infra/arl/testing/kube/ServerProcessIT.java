package io.infra.arl.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog and close() leave no process behind, whoever dies first. */
class ServerProcessIT {

  @TempDir Path dir;

  @Test
  void serverStopsWhenItsOwnerDiesWithoutCleaningUp() throws IOException {
    Process owner = new ProcessBuilder("sleep", "60").start();
    ServerProcess server =
        ServerProcess.start(
            "sleeper", List.of("sleep", "60"), dir.resolve("sleeper.log"), owner.pid());
    List<ProcessHandle> tree = runningTree(server);

    owner.destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(tree).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void closeStopsTheServerAndItsWatchdog() {
    ServerProcess server =
        ServerProcess.start("sleeper", List.of("sleep", "60"), dir.resolve("sleeper.log"));
    List<ProcessHandle> tree = runningTree(server);

    server.close();

    assertThat(tree).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void checkAliveReportsTheExitStatusAndTheLogTail() {
    ServerProcess server =
        ServerProcess.start(
            "failing",
            List.of("sh", "-c", "echo bind: address already in use; exit 3"),
            dir.resolve("failing.log"));

    await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());

    assertThat(catchThrowable(server::checkAlive))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failing exited with status 3")
        .hasMessageContaining("address already in use");
  }

  // The watchdog forks the server a moment after it starts: wait until both exist.
  private static List<ProcessHandle> runningTree(ServerProcess server) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(server::processTree, tree -> tree.size() >= 2);
  }
}
