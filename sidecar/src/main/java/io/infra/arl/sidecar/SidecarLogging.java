package io.infra.arl.sidecar;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for the standalone sidecar: one console appender, plain {@code key=value}
 * lines by default, one JSON object per line ({@link JsonEncoder}) with {@code
 * ARL_LOG_FORMAT=json}. Done in code rather than XML because parsing an XML config loads about 3
 * MiB of classes, a twentieth of the sidecar's memory budget. An explicit {@code
 * -Dlogback.configurationFile} wins. Embedders (the gateway) keep their own configuration: only
 * {@link SidecarMain} calls this.
 */
final class SidecarLogging {

  /** The plain layout: every field is {@code key=value}, the message carries its own pairs. */
  static final String PATTERN =
      "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%level logger=%logger{0} thread=%thread %msg%n%ex";

  private SidecarLogging() {}

  /** Replaces logback's default configuration, unless a configuration file was given. */
  static void configure(String format) {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder(context, "json".equalsIgnoreCase(format)));
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.grpc").setLevel(Level.WARN);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      // One readable message per line; the template and its arguments would only duplicate it.
      encoder.setWithFormattedMessage(true);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }
}
