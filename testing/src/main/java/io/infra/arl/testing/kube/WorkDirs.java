package io.infra.arl.testing.kube;

import io.infra.arl.testing.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private temporary directories of test clusters (PKI, kubeconfig, etcd data, logs), each
 * marked with the pid of the JVM that owns it.
 *
 * <p>A JVM killed with SIGKILL cannot delete its directory (its servers are stopped by their
 * watchdogs, but etcd's data, about 60 MB, stays). Creating a directory therefore first deletes
 * those whose owner is gone, so crashed runs do not fill the disk.
 */
final class WorkDirs {

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
  private static final String PREFIX = "arl-kube-";
  private static final String OWNER_FILE = "owner.pid";

  private WorkDirs() {}

  /** Deletes abandoned directories, then creates a new one owned by this JVM. */
  static Path create() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweepAbandoned(tmp);
    try {
      Path dir = Files.createTempDirectory(tmp, PREFIX);
      Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a work directory in " + tmp, e);
    }
  }

  /** Deletes {@code dir} and everything in it; a missing directory is fine. */
  static void delete(Path dir) {
    FileTrees.delete(dir);
  }

  private static void sweepAbandoned(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        if (isAbandoned(dir)) {
          delete(dir);
          LOG.info("Deleted abandoned work directory dir={}", dir);
        }
      }
    } catch (IOException e) {
      LOG.warn("Skipped sweeping abandoned work directories tmp={} error={}", tmp, e.toString());
    }
  }

  // No owner file means a directory another process is creating right now: leave it alone.
  private static boolean isAbandoned(Path dir) {
    try {
      long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip());
      return ProcessHandle.of(owner).filter(ProcessHandle::isAlive).isEmpty();
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
