/**
 * The workspace file system, every path confined to the workspace root with no-follow semantics.
 */
package io.infra.arl.sidecar.fs;
