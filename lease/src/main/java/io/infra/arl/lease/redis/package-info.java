/** The production lease store: Redis through Lettuce, each operation one Lua script call. */
package io.infra.arl.lease.redis;
