package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.SidecarCalls;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.report.TargetCheck;
import io.infra.arl.loadtest.report.Verdict;
import io.infra.arl.loadtest.stack.SidecarImageJvm;
import io.infra.arl.loadtest.stack.SidecarProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Idle resident memory of a standalone sidecar JVM, as it would run in a pod: started, bound to a
 * lease, exercised (execs and a file round trip, so the code paths are loaded), then left idle
 * before {@code VmRSS} is read. Measured with the JVM's defaults and with the sidecar image's own
 * JVM options and launcher environment (deploy/docker/sidecar), so the figure is the shipped one.
 */
final class SidecarRssScenario implements Scenario {
  static final String TITLE = "Sidecar idle RSS";
  private static final long TARGET_KIB = 64 * 1024;
  private static final int WARM_EXECS = 20;

  private static final String IMAGE = "image flags";

  private record Sample(
      String config, List<String> options, Map<String, String> env, long rssKiB, String error) {}

  @Override
  public boolean usesSharedGateway() {
    return false;
  }

  @Override
  public String name() {
    return "rss";
  }

  @Override
  public ScenarioResult run(SuiteContext context) {
    List<Sample> samples = new ArrayList<>();
    if (!context.plan().reuseGateways()) { // a smoke run starts one sidecar JVM, not two
      samples.add(measure(context, "JVM defaults", new SidecarImageJvm(List.of(), Map.of())));
    }
    samples.add(measureImage(context));
    String from =
        context
            .sidecarJar()
            .map(
                jar ->
                    "Ran as `java -jar "
                        + jar.getFileName()
                        + "` (the sidecar's own jar and lib/).")
            .orElse(
                "Ran from the harness's class path (sidecar/target has no fresh sidecar jar): the"
                    + " extra jars on it cost some RSS; build the sidecar first for the image's figure.");
    return result(samples, from);
  }

  // The image's own jvm.options and launcher environment, so the figure is the one pods run with.
  private static Sample measureImage(SuiteContext context) {
    SidecarImageJvm image;
    try {
      image = SidecarImageJvm.read(context.repositoryRoot());
    } catch (UncheckedIOException e) {
      return new Sample(IMAGE, List.of(), Map.of(), 0, OpenLoop.describe(e));
    }
    return measure(context, IMAGE, image);
  }

  private static Sample measure(SuiteContext context, String config, SidecarImageJvm jvm) {
    String name = config.equals(IMAGE) ? "rss-image" : "rss-default";
    List<String> options = jvm.options();
    Map<String, String> env = jvm.environment();
    try (SidecarProcess sidecar =
            SidecarProcess.start(
                name, options, env, context.workDir(), context.sidecarJar().orElse(null));
        var channel = new ChannelCloser(Channels.loopback(sidecar.port()))) {
      SidecarCalls calls = SidecarCalls.bind(channel.channel(), name + "#1", 1);
      for (int i = 0; i < WARM_EXECS; i++) {
        calls
            .exec(ExecStart.newBuilder().addArgv("true").build(), Duration.ofSeconds(30))
            .get(30, TimeUnit.SECONDS);
      }
      calls
          .exec(
              ExecStart.newBuilder().setCommand("printf '%s' hello > f.txt && cat f.txt").build(),
              Duration.ofSeconds(30))
          .get(30, TimeUnit.SECONDS);
      LockSupport.parkNanos(context.plan().idleBeforeRss().toNanos());
      return new Sample(config, options, env, sidecar.process().rssKiB(), "");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return new Sample(config, options, env, 0, OpenLoop.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sample(config, options, env, 0, "interrupted");
    }
  }

  private static String environment(Map<String, String> env) {
    return String.join(
        " ", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
  }

  private static ScenarioResult result(List<Sample> samples, String from) {
    Table table = Table.of("configuration", "idle RSS", "JVM options", "environment");
    List<String> details = new ArrayList<>();
    for (Sample s : samples) {
      table =
          table.with(
              s.config(),
              s.error().isEmpty() ? Cells.mib(s.rssKiB() * 1024.0) : "failed: " + s.error(),
              s.options().isEmpty() ? "(none)" : "`" + String.join(" ", s.options()) + "`",
              s.env().isEmpty() ? "(none)" : "`" + environment(s.env()) + "`");
      if (!s.error().isEmpty()) {
        details.add(s.config() + ": " + s.error());
      }
    }
    Sample best =
        samples.stream()
            .filter(s -> s.error().isEmpty())
            .min((a, b) -> Long.compare(a.rssKiB(), b.rssKiB()))
            .orElse(samples.getFirst());
    String measured =
        String.join(
            ", ",
            samples.stream().map(s -> s.config() + " " + Cells.mib(s.rssKiB() * 1024.0)).toList());
    TargetCheck target =
        new TargetCheck(
            "Sidecar idle RSS <= 64 MiB",
            measured,
            Verdict.of(best.error().isEmpty() && best.rssKiB() <= TARGET_KIB),
            TITLE);
    Section section =
        new Section(
            TITLE,
            """
            A standalone sidecar JVM (`SidecarMain`, as in a pod) on a loopback port: bound to a
            lease, %d execs of `true` and one shell exec writing and reading a file, then idle
            before `VmRSS` is read from `/proc/<pid>/status`. "image flags" are the sidecar image's
            own `deploy/docker/sidecar/jvm.options` and the environment its launcher `arl-sidecar`
            exports, read from the checkout: what sandbox pods run. The verdict takes the best
            configuration.
            """
                .formatted(WARM_EXECS),
            List.of(table),
            List.of(from));
    return new ScenarioResult(section, List.of(target), details.size(), details, List.of());
  }
}
