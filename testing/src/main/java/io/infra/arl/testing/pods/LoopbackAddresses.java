package io.infra.arl.testing.pods;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out distinct 127.x.y.z addresses (Linux routes all of 127.0.0.0/8 to loopback, so each can
 * bind port 50051 on its own).
 *
 * <p>Each stand-in starts at a random {@code 127.x.y.0} block so that stand-ins in other test JVMs
 * on the same machine rarely collide; a collision only costs a retry on the next address.
 */
final class LoopbackAddresses {

  private static final int FIRST_HOST = 2;
  private static final int LAST_HOST = 254;

  private final int second;
  private final int third;
  private final Set<String> inUse = new HashSet<>();
  private int next = FIRST_HOST;
  private int block;

  LoopbackAddresses() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.second = random.nextInt(1, 255);
    this.third = random.nextInt(0, 200);
  }

  /** A free address, not handed out before unless released. */
  synchronized String take() {
    for (int attempts = 0; attempts < 50 * (LAST_HOST - FIRST_HOST + 1); attempts++) {
      String address = "127." + second + "." + (third + block) + "." + next;
      next++;
      if (next > LAST_HOST) {
        next = FIRST_HOST;
        block = (block + 1) % 50;
      }
      if (inUse.add(address)) {
        return address;
      }
    }
    throw new IllegalStateException("No free loopback address left");
  }

  /** Makes an address available again. */
  synchronized void release(String address) {
    inUse.remove(address);
  }
}
