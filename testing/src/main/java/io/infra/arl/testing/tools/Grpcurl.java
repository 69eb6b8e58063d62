package io.infra.arl.testing.tools;

import java.time.Duration;
import java.util.List;

/**
 * Runs the pinned real {@code grpcurl} from tests, e.g. {@code Grpcurl.run(List.of("-plaintext",
 * "127.0.0.1:50051", "list"), Duration.ofSeconds(10))}.
 *
 * <p>Skips or fails the calling test when grpcurl is not built, as decided by {@link
 * ToolBinaries#require}.
 */
public final class Grpcurl {

  private Grpcurl() {}

  /** Runs grpcurl with {@code args} and waits at most {@code timeout}. */
  public static ToolRun run(List<String> args, Duration timeout) {
    return ToolRunner.fromEnvironment().run(Tool.GRPCURL, args, timeout);
  }

  /**
   * Runs grpcurl with {@code args}, feeding {@code stdin} (use with {@code -d @} to send request
   * messages on standard input), and waits at most {@code timeout}.
   */
  public static ToolRun run(List<String> args, String stdin, Duration timeout) {
    return ToolRunner.fromEnvironment().run(Tool.GRPCURL, args, stdin, timeout);
  }
}
