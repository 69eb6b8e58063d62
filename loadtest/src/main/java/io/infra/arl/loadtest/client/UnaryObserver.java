package io.infra.arl.loadtest.client;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Adapts a unary call's observer to a future of its response. */
final class UnaryObserver<T> implements StreamObserver<T> {
  private final CompletableFuture<T> future = new CompletableFuture<>();
  private T value;

  CompletableFuture<T> future() {
    return future;
  }

  @Override
  public void onNext(T response) {
    value = response;
  }

  @Override
  public void onError(Throwable t) {
    future.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    future.complete(value);
  }
}
