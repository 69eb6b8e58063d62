package io.infra.arl.gateway.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.GetSandboxRequest;
import io.infra.arl.api.gateway.v1.GetSandboxResponse;
import io.infra.arl.api.gateway.v1.ListFilesRequest;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.ListPoolsResponse;
import io.infra.arl.api.gateway.v1.MakeDirRequest;
import io.infra.arl.api.gateway.v1.ReadFileRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.ReleaseResponse;
import io.infra.arl.api.gateway.v1.RemoveRequest;
import io.infra.arl.api.gateway.v1.RenewRequest;
import io.infra.arl.api.gateway.v1.RenewResponse;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionRequest;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirResponse;
import io.infra.arl.api.sidecar.v1.RemoveResponse;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import io.infra.arl.gateway.session.SessionStream;
import io.infra.arl.gateway.session.Sessions;
import jakarta.inject.Singleton;

/** The arl.gateway.v1.Gateway service: converts and delegates, nothing more. */
@Singleton
public class GatewayEndpoint extends GatewayGrpc.GatewayImplBase {
  private final SandboxCalls calls;
  private final Sessions sessions;
  private final BlockingWork blocking;

  public GatewayEndpoint(SandboxCalls calls, Sessions sessions, BlockingWork blocking) {
    this.calls = calls;
    this.sessions = sessions;
    this.blocking = blocking;
  }

  @Override
  public StreamObserver<SessionRequest> session(StreamObserver<SessionEvent> events) {
    return new SessionStream((ServerCallStreamObserver<SessionEvent>) events, sessions);
  }

  @Override
  public void claim(ClaimRequest request, StreamObserver<ClaimResponse> reply) {
    // The fast path of a claim makes a lease-store round trip on the calling thread.
    blocking.run(() -> UnaryReply.later(reply, () -> calls.claim(request.getSpec()), c -> c));
  }

  @Override
  public void exec(ExecRequest request, StreamObserver<ExecEvent> reply) {
    calls.exec(request, (ServerCallStreamObserver<ExecEvent>) reply);
  }

  @Override
  public void writeFiles(WriteFilesRequest request, StreamObserver<WriteFilesResponse> reply) {
    calls.writeFiles(request, reply);
  }

  @Override
  public void readFile(ReadFileRequest request, StreamObserver<FileChunk> reply) {
    calls.readFile(request, (ServerCallStreamObserver<FileChunk>) reply);
  }

  @Override
  public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> reply) {
    calls.listFiles(request, reply);
  }

  @Override
  public void makeDir(MakeDirRequest request, StreamObserver<MakeDirResponse> reply) {
    calls.makeDir(request, reply);
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<RemoveResponse> reply) {
    calls.remove(request, reply);
  }

  @Override
  public void renew(RenewRequest request, StreamObserver<RenewResponse> reply) {
    blocking.run(() -> UnaryReply.now(reply, () -> calls.renew(request)));
  }

  @Override
  public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> reply) {
    blocking.run(() -> UnaryReply.now(reply, () -> calls.release(request.getSandbox())));
  }

  @Override
  public void getSandbox(GetSandboxRequest request, StreamObserver<GetSandboxResponse> reply) {
    UnaryReply.now(reply, () -> calls.get(request.getSandbox()));
  }

  @Override
  public void listPools(ListPoolsRequest request, StreamObserver<ListPoolsResponse> reply) {
    UnaryReply.now(reply, calls::listPools);
  }
}
