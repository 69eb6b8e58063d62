package io.infra.arl.gateway.api;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** Answers unary calls from values, futures or sidecar calls, mapping every failure once. */
final class UnaryReply {
  private UnaryReply() {}

  /** Answers with {@code body}'s value, or with the status its exception maps to. */
  static <T> void now(StreamObserver<T> reply, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      reply.onError(StatusMapper.toException(e));
      return;
    }
    reply.onNext(value);
    reply.onCompleted();
  }

  /** Answers when the future completes. */
  static <V, T> void later(
      StreamObserver<T> reply, Supplier<CompletableFuture<V>> body, Function<V, T> map) {
    CompletableFuture<V> future;
    try {
      future = body.get();
    } catch (RuntimeException e) {
      reply.onError(StatusMapper.toException(e));
      return;
    }
    future.whenComplete(
        (value, error) -> {
          if (error != null) {
            reply.onError(StatusMapper.toException(error));
            return;
          }
          reply.onNext(map.apply(value));
          reply.onCompleted();
        });
  }

  /** An observer that forwards a sidecar's unary answer, mapping its failure. */
  static <T> StreamObserver<T> forwarding(StreamObserver<T> reply) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        reply.onNext(value);
      }

      @Override
      public void onError(Throwable t) {
        reply.onError(StatusMapper.toException(t));
      }

      @Override
      public void onCompleted() {
        reply.onCompleted();
      }
    };
  }
}
