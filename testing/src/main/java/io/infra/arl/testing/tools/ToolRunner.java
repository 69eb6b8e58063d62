package io.infra.arl.testing.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a pinned tool (grpcurl, ghz, k6, helm, ...) as a child process with a bounded timeout and
 * captures its exit code and output.
 *
 * <p>A tool that outlives its timeout is killed with all its descendants and the call throws, so a
 * hung tool cannot hang the build. A missing binary skips or fails the test as decided by {@link
 * ToolBinaries#require}.
 */
public final class ToolRunner {

  private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(5);

  private final ToolBinaries binaries;

  /**
   * @param binaries where the tools are
   */
  public ToolRunner(ToolBinaries binaries) {
    this.binaries = binaries;
  }

  /** A runner over the cache that {@code tools/build-tools.sh} fills. */
  public static ToolRunner fromEnvironment() {
    return new ToolRunner(ToolBinaries.fromEnvironment());
  }

  /** Runs {@code tool} with {@code args}, no standard input, and waits at most {@code timeout}. */
  public ToolRun run(Tool tool, List<String> args, Duration timeout) {
    return run(tool, args, "", timeout);
  }

  /**
   * Runs {@code tool} with {@code args}, writes {@code stdin} to its standard input (then closes
   * it), and waits at most {@code timeout}.
   *
   * @throws IllegalStateException when the tool is still running after {@code timeout}
   */
  public ToolRun run(Tool tool, List<String> args, String stdin, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(binaries.require(tool).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    // k6 reports anonymous usage statistics over the internet unless told not to.
    builder.environment().put("K6_NO_USAGE_REPORT", "true");
    Process process = start(builder);
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    feed(process.getOutputStream(), stdin);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(process);
        throw new IllegalStateException(
            String.join(" ", command)
                + " still ran after "
                + timeout
                + " and was killed\n--- stdout ---\n"
                + partial(stdout)
                + "\n--- stderr ---\n"
                + partial(stderr));
      }
      return new ToolRun(command, process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + command.getFirst() + " ran", e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(
          "Could not read the output of " + command.getFirst(), (IOException) e.getCause());
    }
  }

  private static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + builder.command().getFirst(), e);
    }
  }

  // Each stream is drained on its own virtual thread: a tool blocked on a full pipe would never
  // exit.
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("tool-output")
        .start(
            () -> {
              try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static void feed(OutputStream stdin, String input) {
    try (stdin) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The tool exited or closed its input early: its exit code and stderr tell the real story.
    }
  }

  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String partial(CompletableFuture<String> output) {
    try {
      return output.get(DRAIN_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "<interrupted>";
    } catch (ExecutionException | TimeoutException e) {
      return "<unavailable: " + e + ">";
    }
  }
}
