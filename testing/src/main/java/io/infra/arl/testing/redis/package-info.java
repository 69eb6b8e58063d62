/** Real redis-server processes for tests: a JUnit 5 extension, outages, restarts, MONITOR. */
package io.infra.arl.testing.redis;
