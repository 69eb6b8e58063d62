package io.infra.arl.testing.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a Micronaut management port for {@code /health}. */
final class Health {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Health() {}

  /** Whether {@code http://127.0.0.1:<port>/health} answers 200 now. */
  static boolean ok(int port) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }
}
