package io.infra.arl.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.ResetResponse;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fencing against a real sidecar: one lease at a time, older tokens never come back. */
class FencingIT {

  private final List<String> observed = new CopyOnWriteArrayList<>();
  private final List<String> bindThreads = new CopyOnWriteArrayList<>();
  private final List<Boolean> servedOnVirtualThreads = new CopyOnWriteArrayList<>();
  private final String mark = "ARL_TEST_MARK=" + UUID.randomUUID();
  private SidecarHarness harness;

  @BeforeEach
  void start() throws IOException {
    harness =
        SidecarHarness.start(
            config -> config,
            new SidecarObserver() {
              @Override
              public void onBind(String leaseId, long fencingToken) {
                observed.add("bind " + leaseId + " " + fencingToken);
                Thread thread = Thread.currentThread();
                bindThreads.add(thread.isVirtual() ? "virtual" : thread.getName());
              }

              @Override
              public void onUnbind(String leaseId, long fencingToken) {
                observed.add("unbind " + leaseId + " " + fencingToken);
              }

              @Override
              public void onCallServed(String leaseId, long fencingToken, String method) {
                observed.add("call " + leaseId + " " + method);
                servedOnVirtualThreads.add(Thread.currentThread().isVirtual());
              }
            });
  }

  @AfterEach
  void stop() throws IOException {
    harness.close();
    assertThat(Procs.aliveWithEnv(mark)).isEmpty();
  }

  @Test
  void unboundSidecarServesOnlyHealthAndBind() {
    assertCode(
        () -> harness.blocking("a", 1).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.FAILED_PRECONDITION,
        "not bound");
    assertCode(
        () -> harness.anonymous().reset(ResetRequest.getDefaultInstance()),
        Status.Code.FAILED_PRECONDITION,
        "not bound");
    assertThat(
            HealthGrpc.newBlockingStub(harness.channel())
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);

    assertThat(harness.bind("a", 1).getPreviousFencingToken()).isZero();
  }

  @Test
  void boundSidecarRequiresTheBoundLeaseInMetadata() {
    harness.bind("a", 5);

    assertThat(
            harness
                .blocking("a", 5)
                .listFiles(ListFilesRequest.getDefaultInstance())
                .getEntriesCount())
        .isZero();
    assertCode(
        () -> harness.anonymous().listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "metadata arl-lease-id: missing");
    assertCode(
        () -> harness.blocking("a", 4).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.ABORTED,
        "metadata arl-fencing-token: 4");
    assertCode(
        () -> harness.blocking("b", 5).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "do not match the bound lease");
    assertCode(
        () -> harness.blocking("a", 6).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "do not match the bound lease");
    assertThat(observed).containsExactly("bind a 5", "call a arl.sidecar.v1.Sidecar/ListFiles");
  }

  @Test
  void staleTokenCannotBind() {
    harness.bind("a", 5);

    assertCode(
        () -> harness.bind("old", 3), Status.Code.ABORTED, "fencing_token: 3 (expected: > 5");
    assertCode(() -> harness.bind("other", 5), Status.Code.ABORTED, "fencing_token: 5");
    assertThat(harness.bind("a", 5).getPreviousFencingToken()).isEqualTo(5);
    assertThat(harness.blocking("a", 5).listFiles(ListFilesRequest.getDefaultInstance()))
        .isNotNull();
  }

  @Test
  void higherTokenTakesOverAndCutsOffThePreviousHolder() throws InterruptedException {
    harness.bind("a", 5);
    ExecCall running =
        ExecCall.start(
            harness.async("a", 5),
            ExecStart.newBuilder()
                .setCommand("sleep 100 & sleep 100")
                .putEnv(key(), value())
                .build());
    running.awaitStarted();
    ExecCall detached =
        ExecCall.start(
            harness.async("a", 5),
            ExecStart.newBuilder()
                .setCommand("sleep 100")
                .setDetached(true)
                .putEnv(key(), value())
                .build());
    detached.awaitStarted();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).size() >= 3);

    BindResponse takeover = harness.bind("b", 6);

    assertThat(takeover.getPreviousFencingToken()).isEqualTo(5);
    assertThat(takeover.getKilledProcesses()).isGreaterThanOrEqualTo(3);
    Status cutOff = running.awaitFailure();
    assertThat(cutOff.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(Procs.aliveWithEnv(mark)).isEmpty();
    assertCode(
        () -> harness.blocking("a", 5).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.ABORTED,
        "higher token");
    assertThat(harness.blocking("b", 6).listFiles(ListFilesRequest.getDefaultInstance()))
        .isNotNull();
    assertThat(observed).containsSubsequence("bind a 5", "unbind a 5", "bind b 6");
  }

  @Test
  void aFreeSidecarBindsOnTheTransportThreadAndATakeoverOffIt() {
    harness.bind("a", 5); // unbound: answered where the request arrived, no thread hop

    harness.bind("b", 6); // ends a's work (may block): moved to a virtual thread

    assertThat(bindThreads).hasSize(2);
    assertThat(bindThreads.getFirst()).startsWith("arl-sidecar-io");
    assertThat(bindThreads.getLast()).isEqualTo("virtual");
  }

  @Test
  void everyCallButBindIsServedOffTheTransportThread() throws InterruptedException {
    harness.bind("a", 5);

    write("a", 5, "x.txt", ByteString.copyFromUtf8("x"));
    harness.blocking("a", 5).listFiles(ListFilesRequest.getDefaultInstance());
    ExecCall.start(harness.async("a", 5), ExecStart.newBuilder().setCommand("true").build())
        .awaitExit();

    assertThat(servedOnVirtualThreads).hasSize(3).containsOnly(true);
  }

  @Test
  void takeoverHandsTheNewHolderAnEmptyWorkspace() throws IOException {
    harness.bind("a", 5);
    write("a", 5, "secret/notes.txt", ByteString.copyFromUtf8("a's"));

    harness.bind("b", 6); // a's holder crashed: no Reset came

    try (var left = Files.list(harness.workspace())) {
      assertThat(left).isEmpty();
    }
    assertThat(
            harness
                .blocking("b", 6)
                .listFiles(ListFilesRequest.getDefaultInstance())
                .getEntriesList())
        .isEmpty();
  }

  @Test
  void takeoverEndsTheOldHoldersFileStream() throws Exception {
    harness.bind("a", 5);
    write("a", 5, "big.bin", ByteString.copyFrom(new byte[4 * 1024 * 1024]));
    CompletableFuture<Status> ended = new CompletableFuture<>();
    AtomicReference<ClientCallStreamObserver<ReadFileRequest>> call = new AtomicReference<>();
    harness
        .async("a", 5)
        .readFile(
            ReadFileRequest.newBuilder().setPath("big.bin").build(),
            new ClientResponseObserver<ReadFileRequest, FileChunk>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<ReadFileRequest> stream) {
                // Reads one chunk and then nothing: the server stream stays open, parked.
                stream.disableAutoRequestWithInitial(1);
                call.set(stream);
              }

              @Override
              public void onNext(FileChunk chunk) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });

    harness.bind("b", 6);
    // Reading again: the end of the stream is queued behind the chunks the transport already
    // holds, and a reader that never reads would never see it (then only its deadline ends it).
    call.get().request(Integer.MAX_VALUE);

    assertThat(ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.ABORTED);
  }

  @Test
  void resetKillsEmptiesAndUnbindsForGood() throws InterruptedException {
    harness.bind("a", 5);
    harness
        .blocking("a", 5)
        .writeFiles(
            WriteFilesRequest.newBuilder()
                .addFiles(
                    FileWrite.newBuilder()
                        .setPath("x/y.txt")
                        .setContent(ByteString.copyFromUtf8("y")))
                .addFiles(FileWrite.newBuilder().setPath("z.txt"))
                .build());
    ExecCall.start(
            harness.async("a", 5),
            ExecStart.newBuilder()
                .setCommand("sleep 100")
                .setDetached(true)
                .putEnv(key(), value())
                .build())
        .awaitStarted();

    ResetResponse reset = harness.blocking("a", 5).reset(ResetRequest.getDefaultInstance());

    assertThat(reset.getKilledProcesses()).isGreaterThanOrEqualTo(1);
    assertThat(reset.getRemovedEntries()).isEqualTo(2);
    assertThat(Procs.aliveWithEnv(mark)).isEmpty();
    try (var left = Files.list(harness.workspace())) {
      assertThat(left).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertCode(
        () -> harness.blocking("a", 5).listFiles(ListFilesRequest.getDefaultInstance()),
        Status.Code.FAILED_PRECONDITION,
        "not bound");
    assertCode(() -> harness.bind("a", 5), Status.Code.ABORTED, "fencing_token: 5");
    assertCode(() -> harness.bind("c", 4), Status.Code.ABORTED, "fencing_token: 4");
    assertThat(harness.bind("c", 6).getPreviousFencingToken()).isZero();
    assertThat(observed).containsSubsequence("bind a 5", "unbind a 5", "bind c 6");
  }

  @Test
  void bindValidatesItsArguments() {
    assertCode(
        () -> harness.bind("a", 0),
        Status.Code.INVALID_ARGUMENT,
        "fencing_token: 0 (expected: > 0)");
    assertCode(
        () -> harness.bind("", 1),
        Status.Code.INVALID_ARGUMENT,
        "lease_id: 0 bytes (expected: 1..256 bytes)");
  }

  /** Writes one file as the holder of lease {@code leaseId} with {@code token}. */
  private void write(String leaseId, long token, String path, ByteString content) {
    harness
        .blocking(leaseId, token)
        .writeFiles(
            WriteFilesRequest.newBuilder()
                .addFiles(FileWrite.newBuilder().setPath(path).setContent(content))
                .build());
  }

  private static void assertCode(Runnable call, Status.Code code, String descriptionPart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(descriptionPart);
            });
  }

  private String key() {
    return mark.substring(0, mark.indexOf('='));
  }

  private String value() {
    return mark.substring(mark.indexOf('=') + 1);
  }
}
