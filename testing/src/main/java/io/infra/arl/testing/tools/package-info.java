/** Finds the pinned real binaries built by tools/build-tools.sh and runs them from tests. */
package io.infra.arl.testing.tools;
