package io.infra.arl.sidecar.fs;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * A workspace file opened for reading (through its parent's descriptor, without following a link),
 * for streaming in chunks.
 *
 * @param channel the open file
 * @param size the file's size when it was opened
 */
public record OpenedFile(SeekableByteChannel channel, long size) implements AutoCloseable {

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
