package io.infra.arl.testing.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends one command to Redis over a fresh socket and reads a scalar reply (simple string, integer,
 * bulk string). Just enough RESP for the harness, so that it needs no Redis client library.
 */
final class RespProbe {

  private static final int TIMEOUT_MILLIS = 2_000;

  private RespProbe() {}

  /**
   * Returns the reply: the text of a simple string, integer or bulk string, null for a nil bulk.
   *
   * @throws IOException if Redis cannot be reached or answers with an error or an aggregate
   */
  static String command(int port, String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(RedisServerProcess.HOST, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      write(socket.getOutputStream(), args);
      return readReply(new BufferedInputStream(socket.getInputStream()));
    }
  }

  /** Writes {@code args} as a RESP array of bulk strings. */
  static void write(OutputStream out, String... args) throws IOException {
    StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      int length = arg.getBytes(StandardCharsets.UTF_8).length;
      request.append('$').append(length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one CRLF-terminated line, without the CRLF; null at end of stream. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b != -1; b = in.read()) {
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
    return null;
  }

  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      throw new IOException("Redis closed the connection without a reply");
    }
    return switch (line.charAt(0)) {
      case '+', ':' -> line.substring(1);
      case '$' -> readBulk(in, Integer.parseInt(line.substring(1)));
      case '-' -> throw new IOException("Redis answered with an error: " + line.substring(1));
      default -> throw new IOException("Unexpected Redis reply: " + line);
    };
  }

  private static String readBulk(InputStream in, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] data = in.readNBytes(length + 2);
    if (data.length != length + 2) {
      throw new IOException("Redis closed the connection in the middle of a reply");
    }
    return new String(data, 0, length, StandardCharsets.UTF_8);
  }
}
