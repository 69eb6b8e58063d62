package io.infra.arl.sidecar;

import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirRequest;
import io.infra.arl.api.sidecar.v1.MakeDirResponse;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.RemoveRequest;
import io.infra.arl.api.sidecar.v1.RemoveResponse;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.ResetResponse;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import io.infra.arl.sidecar.exec.ExecEndpoint;
import io.infra.arl.sidecar.rpc.FilesEndpoint;
import io.infra.arl.sidecar.rpc.LeaseEndpoint;

/** {@code arl.sidecar.v1.Sidecar}: routes each RPC to the endpoint of its feature. */
final class SidecarEndpoint implements SidecarGrpc.AsyncService {

  private final ExecEndpoint exec;
  private final FilesEndpoint files;
  private final LeaseEndpoint lease;

  SidecarEndpoint(ExecEndpoint exec, FilesEndpoint files, LeaseEndpoint lease) {
    this.exec = exec;
    this.files = files;
    this.lease = lease;
  }

  @Override
  public StreamObserver<ExecRequest> exec(StreamObserver<ExecEvent> responses) {
    return exec.exec(responses);
  }

  @Override
  public void writeFiles(WriteFilesRequest request, StreamObserver<WriteFilesResponse> responses) {
    files.writeFiles(request, responses);
  }

  @Override
  public void readFile(ReadFileRequest request, StreamObserver<FileChunk> responses) {
    files.readFile(request, responses);
  }

  @Override
  public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> responses) {
    files.listFiles(request, responses);
  }

  @Override
  public void makeDir(MakeDirRequest request, StreamObserver<MakeDirResponse> responses) {
    files.makeDir(request, responses);
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<RemoveResponse> responses) {
    files.remove(request, responses);
  }

  @Override
  public void bind(BindRequest request, StreamObserver<BindResponse> responses) {
    lease.bind(request, responses);
  }

  @Override
  public void reset(ResetRequest request, StreamObserver<ResetResponse> responses) {
    lease.reset(request, responses);
  }
}
