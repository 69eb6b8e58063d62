// Drives the bidirectional Gateway/Session at a constant arrival rate: each iteration opens a
// session (claims a sandbox), runs `true` in it, and closes it (the sandbox is released).
// Server reflection: no .proto needed. Run by bin/bench, or by hand:
//   k6 run -e GATEWAY=127.0.0.1:9090 -e RATE=20 -e DURATION=20s loadtest/k6/session.js
// Times use Date.now(), so session_* trends have millisecond resolution; grpc_req_duration (the
// whole stream) is precise.
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { arrivalOptions, lazyClient, summaryToFile } from './common.js';

const openMs = new Trend('session_open_ms');
const execMs = new Trend('session_exec_true_ms');
const totalMs = new Trend('session_total_ms');
const errors = new Counter('session_errors');
// SessionError events about an exec the script already saw exit (the gateway's close racing the
// end of the sidecar's exec stream): counted apart, reported, not failed on.
const lateErrors = new Counter('session_late_errors');

export const options = arrivalOptions('sessions', {
  // ARCHITECTURE.md: claim p99 <= 5 ms (opening a session is a claim).
  session_open_ms: ['p(99)<=5'],
  session_errors: ['count==0'],
  checks: ['rate==1'],
});

const connected = lazyClient();

export default function () {
  const client = connected();
  const started = Date.now();
  let execSent = 0;
  let exited = false;
  let closed = false;
  const stream = new grpc.Stream(client, 'arl.gateway.v1.Gateway/Session', { timeout: '60s' });
  stream.on('data', (event) => {
    if (event.opened) {
      openMs.add(Date.now() - started);
      execSent = Date.now();
      stream.write({ requestId: 'exec', exec: { execId: 'e1', request: { start: { argv: ['true'] } } } });
    } else if (event.exec && event.exec.event && event.exec.event.exited) {
      execMs.add(Date.now() - execSent);
      exited = true;
      check(event.exec.event.exited.exitCode || 0, { 'true exited 0': (code) => code === 0 });
      stream.write({ requestId: 'close', close: {} });
    } else if (event.error && exited) {
      lateErrors.add(1);
      console.warn('late session error event: ' + JSON.stringify(event));
    } else if (event.error) {
      errors.add(1);
      console.error('session error event: ' + JSON.stringify(event));
      stream.end();
    } else if (event.closed) {
      closed = true;
      totalMs.add(Date.now() - started);
      stream.end();
    }
  });
  stream.on('error', (e) => {
    errors.add(1);
    console.error('stream error: ' + JSON.stringify(e));
  });
  stream.on('end', () => check(closed, { 'session closed cleanly': (c) => c }));
  stream.write({ requestId: 'open', open: { spec: { pool: 'default' } } });
}

export function handleSummary(data) {
  return summaryToFile(data);
}
