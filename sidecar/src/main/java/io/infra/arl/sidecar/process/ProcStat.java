package io.infra.arl.sidecar.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The fields of {@code /proc/<pid>/stat} a sweep needs, parsed from bytes: a sweep reads this file
 * for every process on the machine after every exec, so it avoids decoding, splitting and growing
 * buffers (those were most of a sidecar's CPU time per exec on a busy host).
 *
 * @param state field 3, e.g. {@code R}, {@code S}, {@code Z}
 * @param processGroup field 5
 * @param startTicks field 22: start time in clock ticks since boot
 */
record ProcStat(char state, long processGroup, long startTicks) {
  /** Enough for the fields up to the start time: the command name is at most 64 bytes. */
  static final int BUFFER_BYTES = 512;

  private static final int STATE = 0;
  private static final int PROCESS_GROUP = 2;
  private static final int START_TICKS = 19;

  /**
   * Reads and parses a stat file into {@code buffer} ({@link #BUFFER_BYTES} long).
   *
   * @return null when the process is gone, unreadable or the file malformed
   */
  static ProcStat read(Path file, byte[] buffer) {
    int length;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      length = in.readNBytes(buffer, 0, buffer.length);
    } catch (IOException e) {
      return null;
    }
    return parse(buffer, length);
  }

  /** Parses the first {@code length} bytes of a stat line; null when malformed or cut short. */
  static ProcStat parse(byte[] line, int length) {
    int end = length - 1;
    while (end >= 0 && line[end] != ')') { // the command name may itself contain ") "
      end--;
    }
    char state = 0;
    long group = -1;
    int field = 0;
    long value = 0;
    for (int i = end + 2; i < length; i++) {
      byte b = line[i];
      if (b == ' ' || b == '\n') {
        if (field == PROCESS_GROUP) {
          group = value;
        } else if (field == START_TICKS) {
          return end < 0 || state == 0 ? null : new ProcStat(state, group, value);
        }
        field++;
        value = 0;
      } else if (field == STATE) {
        state = (char) b;
      } else if (b >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
      }
    }
    return null;
  }

  /** Whether the process is a zombie or dead (it cannot run or be killed any more). */
  boolean finished() {
    return state == 'Z' || state == 'X';
  }
}
