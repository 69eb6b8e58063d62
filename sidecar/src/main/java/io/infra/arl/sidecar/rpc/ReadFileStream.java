package io.infra.arl.sidecar.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.fs.OpenedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams one opened file in chunks of at most {@value #CHUNK} bytes, under flow control: a chunk
 * is read only while the call {@code isReady()}, so a slow reader never makes the sidecar buffer
 * the file. Ends with ABORTED when the lease is cut off.
 */
final class ReadFileStream {

  static final int CHUNK = 64 * 1024;

  private final ServerCallStreamObserver<FileChunk> out;
  private final OpenedFile file;
  private final LeaseFence fence;
  private final Binding binding;
  private final long end;
  // Serialises drain (call executor) with abort (cut-off thread): the observer is not thread-safe.
  private final ReentrantLock lock = new ReentrantLock();
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private LeaseFence.CutOff cutOff;
  private long position;
  private boolean first = true;
  private boolean done;

  ReadFileStream(
      ServerCallStreamObserver<FileChunk> out,
      OpenedFile file,
      LeaseFence fence,
      Binding binding,
      long offset,
      long limit) {
    this.out = out;
    this.file = file;
    this.fence = fence;
    this.binding = binding;
    this.position = offset;
    long wanted = limit == 0 ? Long.MAX_VALUE : saturatedAdd(offset, limit);
    this.end = Math.max(offset, Math.min(file.size(), wanted));
  }

  /** Wires the handlers and sends what the transport accepts now; call inside withCurrent. */
  void start() throws IOException {
    file.channel().position(position);
    // The fence runs hooks under its write lock while drain() may hold our lock waiting for the
    // fence's read lock: abort on another thread so neither waits for the other.
    cutOff = fence.onCutOff(binding, () -> Thread.ofVirtual().start(this::abort));
    // onReady fires whenever the transport drains below its threshold: the only place we resume.
    out.setOnReadyHandler(this::drain);
    // A cancelled call must release the file; without this the descriptor would leak.
    out.setOnCancelHandler(this::cancelled);
  }

  void drain() {
    lock.lock();
    try {
      while (!done && out.isReady()) {
        FileChunk chunk;
        try {
          chunk = fence.withCurrent(binding, this::nextChunk);
        } catch (IOException | RuntimeException e) {
          finish();
          out.onError(StatusMapping.toStatus(e).asRuntimeException());
          return;
        }
        out.onNext(chunk);
        if (chunk.getEof()) {
          finish();
          out.onCompleted();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private FileChunk nextChunk() throws IOException {
    long offset = position;
    buffer.clear().limit((int) Math.min(CHUNK, end - position));
    int read = buffer.limit() == 0 ? -1 : file.channel().read(buffer);
    position += Math.max(read, 0);
    buffer.flip();
    FileChunk.Builder chunk =
        FileChunk.newBuilder()
            .setOffset(offset)
            .setData(ByteString.copyFrom(buffer))
            .setEof(read < 0 || position >= end);
    if (first) {
      chunk.setFileSize(file.size());
      first = false;
    }
    return chunk.build();
  }

  private void abort() {
    lock.lock();
    try {
      if (!done) {
        finish();
        out.onError(
            Status.ABORTED
                .withDescription("the lease was taken over by a higher fencing token")
                .asRuntimeException());
      }
    } finally {
      lock.unlock();
    }
  }

  private void cancelled() {
    lock.lock();
    try {
      finish();
    } finally {
      lock.unlock();
    }
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    if (cutOff != null) {
      cutOff.close();
    }
    try {
      file.close();
    } catch (IOException e) {
      // Read-only descriptor: nothing was lost.
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
