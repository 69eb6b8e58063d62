// Stateless clients' sequence at a constant arrival rate: unary Claim, server-streaming Exec of
// `true`, unary Release (what ghz cannot chain). Server reflection: no .proto needed.
//   k6 run -e GATEWAY=127.0.0.1:9090 -e RATE=20 -e DURATION=20s loadtest/k6/claim-exec-release.js
// Times use Date.now() (millisecond resolution); grpc_req_duration of each call is precise.
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { arrivalOptions, lazyClient, summaryToFile } from './common.js';

const claimMs = new Trend('cer_claim_ms');
const execMs = new Trend('cer_exec_true_ms');
const cycleMs = new Trend('cer_cycle_ms');
const errors = new Counter('cer_errors');

export const options = arrivalOptions('cycles', {
  // ARCHITECTURE.md: claim p99 <= 5 ms.
  cer_claim_ms: ['p(99)<=5'],
  cer_errors: ['count==0'],
  checks: ['rate==1'],
});

const connected = lazyClient();

export default function () {
  const client = connected();
  const started = Date.now();
  const claim = client.invoke('arl.gateway.v1.Gateway/Claim', { spec: { pool: 'default' } }, { timeout: '15s' });
  if (!check(claim, { claimed: (r) => r && r.status === grpc.StatusOK })) {
    errors.add(1);
    return;
  }
  claimMs.add(Date.now() - started);
  const sandbox = { id: claim.message.sandbox.id, leaseToken: claim.message.leaseToken };
  const execStarted = Date.now();
  let exited = false;
  const stream = new grpc.Stream(client, 'arl.gateway.v1.Gateway/Exec', { timeout: '30s' });
  stream.on('data', (event) => {
    if (event.exited) {
      exited = (event.exited.exitCode || 0) === 0;
    }
  });
  stream.on('error', (e) => {
    errors.add(1);
    console.error('stream error: ' + JSON.stringify(e));
  });
  stream.on('end', () => {
    execMs.add(Date.now() - execStarted);
    check(exited, { 'true exited 0': (e) => e });
    const released = client.invoke('arl.gateway.v1.Gateway/Release', { sandbox: sandbox }, { timeout: '15s' });
    if (!check(released, { released: (r) => r && r.status === grpc.StatusOK })) {
      errors.add(1);
    }
    cycleMs.add(Date.now() - started);
  });
  stream.write({ sandbox: sandbox, start: { argv: ['true'] } });
  stream.end();
}

export function handleSummary(data) {
  return summaryToFile(data);
}
