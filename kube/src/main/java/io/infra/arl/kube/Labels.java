package io.infra.arl.kube;

/**
 * Every label, annotation and finalizer key ARL-Infra puts on Kubernetes objects, in one place.
 *
 * <p>Pods of a pool carry {@link #WARMPOOL} and {@link #POD_STATE} from the moment they are
 * created. Whoever wins a pod's lease (the gateway or the operator) then marks it {@link
 * #POD_STATE_ALLOCATED} and records the claim in the {@code CLAIM_*} annotations; allocated pods
 * are never offered again, whatever the lease store says.
 */
public final class Labels {

  /** The API group of the CRDs and the prefix of every key below. */
  public static final String DOMAIN = "arl.infra.io";

  /** Pod label: the name of the WarmPool the pod belongs to. */
  public static final String WARMPOOL = DOMAIN + "/warmpool";

  /** Pod label: {@link #POD_STATE_READY} or {@link #POD_STATE_ALLOCATED}. */
  public static final String POD_STATE = DOMAIN + "/pod-state";

  /**
   * Value of {@link #POD_STATE}: unclaimed. The pod may still be starting; {@link
   * PodReadiness#isReady} says whether it can be claimed now.
   */
  public static final String POD_STATE_READY = "ready";

  /** Value of {@link #POD_STATE}: claimed; never offered again, deleted or reset on release. */
  public static final String POD_STATE_ALLOCATED = "allocated";

  /** Pod label: the name of the Sandbox object that claimed the pod (kubectl claims only). */
  public static final String SANDBOX = DOMAIN + "/sandbox";

  /**
   * Sandbox label: who made the object. {@link #CLAIMED_BY_GATEWAY} marks a record of a gateway's
   * claim (so that {@code kubectl get sb} shows who holds what): the operator never claims for it
   * and deletes it once its pod is gone or claimed anew.
   */
  public static final String CLAIMED_BY = DOMAIN + "/claimed-by";

  /** Value of {@link #CLAIMED_BY} on records of gateway claims. */
  public static final String CLAIMED_BY_GATEWAY = "gateway";

  /** Sandbox label on records of gateway claims: the claimed pod's name. */
  public static final String CLAIMED_POD = DOMAIN + "/pod";

  /** Pod label: who manages the pod; always {@link #MANAGED_BY_OPERATOR} on pool pods. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_OPERATOR = "arl-operator";

  /** Pod annotation: the sandbox id of the claim ({@link SandboxIds#of}). */
  public static final String CLAIM_SANDBOX_ID = DOMAIN + "/sandbox-id";

  /**
   * Pod annotation: who holds the lease: {@link #HOLDER_OPERATOR} or {@code gateway/<instance id>}.
   * Never the lease owner itself, which is a secret.
   */
  public static final String CLAIM_HOLDER = DOMAIN + "/lease-holder";

  /** Value of {@link #CLAIM_HOLDER} for claims made through a Sandbox object. */
  public static final String HOLDER_OPERATOR = "operator";

  /** Prefix of {@link #CLAIM_HOLDER} values for claims made through a gateway. */
  public static final String HOLDER_GATEWAY_PREFIX = "gateway/";

  /** Pod annotation: the fencing token of the claim, in decimal. */
  public static final String CLAIM_FENCING_TOKEN = DOMAIN + "/fencing-token";

  /** Pod annotation: when the claim was won, RFC 3339 (UTC). */
  public static final String CLAIM_CLAIMED_AT = DOMAIN + "/claimed-at";

  /**
   * Sandbox annotation: the lease owner of a kubectl claim. Written before the first acquire, so a
   * retried claim after an operator crash presents the same owner and finds its own lease.
   */
  public static final String SANDBOX_LEASE_OWNER = DOMAIN + "/lease-owner";

  /** Finalizer on Sandbox objects: the operator releases the pod before the object goes. */
  public static final String SANDBOX_FINALIZER = DOMAIN + "/release-pod";

  private Labels() {}

  /** The label selector of every pod of a pool: {@code arl.infra.io/warmpool=<pool>}. */
  public static String poolSelector(String pool) {
    return WARMPOOL + "=" + pool;
  }

  /** The label selector of a pool's unclaimed pods (ready or still starting). */
  public static String unclaimedSelector(String pool) {
    return poolSelector(pool) + "," + POD_STATE + "=" + POD_STATE_READY;
  }

  /** The label selector of a pool's allocated pods. */
  public static String allocatedSelector(String pool) {
    return poolSelector(pool) + "," + POD_STATE + "=" + POD_STATE_ALLOCATED;
  }
}
