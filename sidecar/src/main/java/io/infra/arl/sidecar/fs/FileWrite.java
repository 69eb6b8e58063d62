package io.infra.arl.sidecar.fs;

import java.nio.ByteBuffer;

/**
 * One file to write.
 *
 * @param path where, already syntax-checked
 * @param field the request field naming this file, for error messages (e.g. {@code files[2]})
 * @param content the bytes to write or append (read-only view, not copied)
 * @param mode permission bits within 0777; 0 means 0644 for a new file, the old mode on append
 * @param append append to an existing file instead of replacing it
 */
public record FileWrite(
    WorkspacePath path, String field, ByteBuffer content, int mode, boolean append) {}
