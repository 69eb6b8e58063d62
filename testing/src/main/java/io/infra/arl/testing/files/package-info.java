/** File-system chores shared by tests and benchmarks. */
package io.infra.arl.testing.files;
