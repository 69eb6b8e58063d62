package io.infra.arl.sidecar.fence;

import static io.infra.arl.sidecar.failure.SidecarException.quote;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lease a sidecar serves. Bind sets it (refusing tokens older than the highest seen), every
 * other call is admitted only with the bound lease id and token, and Reset ends it.
 *
 * <p>Work of an admitted call runs under a read lock ({@link #withCurrent}); Bind and Reset take
 * the write lock. So no effect of an older holder (a write, a spawned process) can land after a
 * newer Bind returned: either it finished before (and its processes are killed by the Bind), or it
 * is refused with ABORTED. The highest token seen never goes down, across Reset too.
 */
public final class LeaseFence {

  /** Longest lease id, in UTF-8 bytes. */
  public static final int MAX_LEASE_ID_BYTES = 256;

  private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final IntSupplier endTakenOverWork;
  private final BindingListener listener;
  private final Set<CutOff> cutOffs = ConcurrentHashMap.newKeySet();
  private volatile Binding current;
  private long highestToken;
  private long epoch;

  /**
   * Creates an unbound fence.
   *
   * @param endTakenOverWork ends the work of a lease taken over by a higher token: kills every
   *     process of the sidecar (returns how many) and empties the workspace
   * @param listener told about binds, unbinds and admitted calls
   */
  public LeaseFence(IntSupplier endTakenOverWork, BindingListener listener) {
    this.endTakenOverWork = endTakenOverWork;
    this.listener = listener;
  }

  /** A registered cut-off hook; {@link #close()} removes it. */
  public final class CutOff implements AutoCloseable {
    private final long epoch;
    private final Runnable hook;

    private CutOff(long epoch, Runnable hook) {
      this.epoch = epoch;
      this.hook = hook;
    }

    @Override
    public void close() {
      cutOffs.remove(this);
    }
  }

  /**
   * Binds to a lease, waiting for admitted calls to finish and ending the work of a lease it takes
   * over (kills its processes, empties the workspace): may block.
   *
   * @param leaseId the lease id, 1..256 bytes
   * @param fencingToken the lease's token, &gt; 0
   * @return what changed
   * @throws SidecarException INVALID_ARGUMENT for bad values, LEASE_LOST for a token below the
   *     highest seen, or equal to it for another lease (or after that lease was reset)
   */
  public BindOutcome bind(String leaseId, long fencingToken) {
    validate(leaseId, fencingToken);
    lock.writeLock().lock();
    try {
      return bindLocked(leaseId, fencingToken, true).orElseThrow();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Binds to a lease only if that needs no waiting: no admitted call holds the fence and no other
   * lease is bound (whose work would have to be ended). Never blocks, so a transport thread may
   * call it; when it returns empty, nothing changed and {@link #bind} does the rest.
   *
   * @return what changed, or empty when the bind has to wait or end another lease's work
   * @throws SidecarException as {@link #bind}
   */
  public Optional<BindOutcome> bindWithoutWaiting(String leaseId, long fencingToken) {
    validate(leaseId, fencingToken);
    // Not from inside this fence's own write-locked work (a cut-off hook or listener calling back
    // in process), where the state is half-changed; and tryLock may go ahead of a queued Reset or
    // Bind, an order that is just as valid as the queue's.
    if (lock.isWriteLockedByCurrentThread() || !lock.writeLock().tryLock()) {
      return Optional.empty();
    }
    try {
      return bindLocked(leaseId, fencingToken, false);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static void validate(String leaseId, long fencingToken) {
    int bytes = leaseId.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_LEASE_ID_BYTES) {
      throw SidecarException.invalid(
          "lease_id", bytes + " bytes", "1.." + MAX_LEASE_ID_BYTES + " bytes");
    }
    if (fencingToken <= 0) {
      throw SidecarException.invalid("fencing_token", Long.toString(fencingToken), "> 0");
    }
  }

  /** Under the write lock; empty only when another lease is bound and may not be cut off. */
  private Optional<BindOutcome> bindLocked(String leaseId, long fencingToken, boolean mayCutOff) {
    Binding before = current;
    if (fencingToken == highestToken && before != null && sameLease(before, leaseId)) {
      return Optional.of(new BindOutcome(fencingToken, 0));
    }
    if (fencingToken <= highestToken) {
      throw SidecarException.of(
          Kind.LEASE_LOST,
          "fencing_token",
          Long.toString(fencingToken),
          "> " + highestToken + ", the highest token this sidecar has seen");
    }
    if (before != null && !mayCutOff) {
      return Optional.empty();
    }
    int killed = before == null ? 0 : cutOff(before);
    highestToken = fencingToken;
    current = new Binding(leaseId, fencingToken, ++epoch);
    listener.onBind(current);
    LOG.info(
        "Bound lease fencing_token={} previous_fencing_token={} killed_processes={}",
        fencingToken,
        before == null ? 0 : before.fencingToken(),
        killed);
    return Optional.of(new BindOutcome(before == null ? 0 : before.fencingToken(), killed));
  }

  /**
   * Admits a call carrying the given metadata.
   *
   * @param leaseId the {@code arl-lease-id} value, may be null
   * @param fencingToken the {@code arl-fencing-token} value, may be null
   * @return the binding the call is admitted under
   * @throws SidecarException NOT_BOUND, MISSING_CREDENTIALS, LEASE_LOST (older token) or
   *     LEASE_MISMATCH
   */
  public Binding admit(String leaseId, String fencingToken) {
    Binding now = current;
    if (now == null) {
      throw new SidecarException(
          Kind.NOT_BOUND, "the sidecar is not bound to a lease (expected: Bind first)");
    }
    if (leaseId == null || leaseId.isEmpty()) {
      throw SidecarException.of(
          Kind.MISSING_CREDENTIALS, "metadata arl-lease-id", "missing", "the bound lease id");
    }
    long token = parseToken(fencingToken);
    if (token < now.fencingToken()) {
      throw SidecarException.of(
          Kind.LEASE_LOST,
          "metadata arl-fencing-token",
          Long.toString(token),
          "the bound token; a lease with a higher token took this sidecar over");
    }
    if (token != now.fencingToken() || !sameLease(now, leaseId)) {
      throw new SidecarException(
          Kind.LEASE_MISMATCH,
          "metadata arl-lease-id and arl-fencing-token: do not match the bound lease");
    }
    return now;
  }

  /** Tells the listener that an admitted call is being served. */
  public void served(Binding binding, String fullMethodName) {
    listener.onCallServed(binding, fullMethodName);
  }

  /**
   * Runs {@code action} while {@code caller} stays bound.
   *
   * @throws SidecarException LEASE_LOST when {@code caller} is no longer bound
   * @throws IOException from the action
   */
  public <T> T withCurrent(Binding caller, FencedAction<T> action) throws IOException {
    lock.readLock().lock();
    try {
      requireCurrent(caller);
      return action.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Registers a hook run when {@code caller} is cut off by a Bind with a higher token, before its
   * processes are killed. Call it inside {@link #withCurrent} so no Bind can slip in between. The
   * hook runs synchronously under the fence's write lock: it must not block, and must not wait for
   * anything held by a thread that may be waiting for this fence.
   *
   * @return the registration, to close when the hook is no longer needed
   */
  public CutOff onCutOff(Binding caller, Runnable hook) {
    CutOff cutOff = new CutOff(caller.epoch(), hook);
    cutOffs.add(cutOff);
    return cutOff;
  }

  /**
   * Runs {@code wipe} and unbinds, exclusively: no admitted call of the lease runs meanwhile.
   *
   * @throws SidecarException LEASE_LOST when {@code caller} is no longer bound
   * @throws IOException from the wipe (the lease then stays bound, so Reset can be retried)
   */
  public <T> T reset(Binding caller, FencedAction<T> wipe) throws IOException {
    lock.writeLock().lock();
    try {
      requireCurrent(caller);
      T result = wipe.run();
      current = null;
      epoch++;
      cutOffs.removeIf(cutOff -> cutOff.epoch == caller.epoch());
      listener.onUnbind(caller);
      LOG.info("Reset lease fencing_token={}", caller.fencingToken());
      return result;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The current binding, if any. */
  public Optional<Binding> current() {
    return Optional.ofNullable(current);
  }

  private int cutOff(Binding before) {
    List<CutOff> hooks = cutOffs.stream().filter(c -> c.epoch == before.epoch()).toList();
    cutOffs.removeAll(hooks);
    for (CutOff cutOff : hooks) {
      try {
        cutOff.hook.run();
      } catch (RuntimeException e) {
        LOG.warn(
            "Failed to cut off a call fencing_token={} error={}",
            before.fencingToken(),
            e.toString());
      }
    }
    int killed = endTakenOverWork.getAsInt();
    listener.onUnbind(before);
    return killed;
  }

  private void requireCurrent(Binding caller) {
    Binding now = current;
    if (now == null || now.epoch() != caller.epoch()) {
      throw new SidecarException(
          Kind.LEASE_LOST,
          "the lease with fencing token "
              + caller.fencingToken()
              + " is no longer bound (reset, or taken over by a higher token)");
    }
  }

  private static boolean sameLease(Binding binding, String leaseId) {
    return MessageDigest.isEqual(
        binding.leaseId().getBytes(StandardCharsets.UTF_8),
        leaseId.getBytes(StandardCharsets.UTF_8));
  }

  private static long parseToken(String text) {
    if (text == null || text.isEmpty()) {
      throw SidecarException.of(
          Kind.MISSING_CREDENTIALS,
          "metadata arl-fencing-token",
          "missing",
          "the bound fencing token in decimal");
    }
    try {
      long token = Long.parseLong(text);
      if (token > 0) {
        return token;
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw SidecarException.of(
        Kind.MISSING_CREDENTIALS,
        "metadata arl-fencing-token",
        quote(text),
        "a decimal integer > 0");
  }
}
