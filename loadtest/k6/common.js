// Shared by the k6 scripts of this folder: where the gateway is, the constant-arrival-rate
// scenario, a per-VU client connected on first use (server reflection: no .proto needed), and the
// JSON summary bin/bench reads. Environment: GATEWAY, RATE, DURATION, SUMMARY_FILE.
import grpc from 'k6/net/grpc';

export const target = __ENV.GATEWAY || '127.0.0.1:9090';
export const rate = Number(__ENV.RATE || 20);
export const duration = __ENV.DURATION || '20s';

// k6 options: one constant-arrival-rate scenario called `name`, with these thresholds.
export function arrivalOptions(name, thresholds) {
  return {
    scenarios: {
      [name]: {
        executor: 'constant-arrival-rate',
        rate: rate,
        timeUnit: '1s',
        duration: duration,
        preAllocatedVUs: Math.max(10, rate),
        maxVUs: Math.max(50, rate * 4),
      },
    },
    thresholds: thresholds,
    summaryTrendStats: ['med', 'p(99)', 'p(99.9)', 'max', 'count'],
  };
}

// Call in the init context; the returned function gives the VU's client, connecting it once.
export function lazyClient() {
  const client = new grpc.Client();
  let connected = false;
  return () => {
    if (!connected) {
      client.connect(target, { plaintext: true, reflect: true, timeout: '10s' });
      connected = true;
    }
    return client;
  };
}

export function summaryToFile(data) {
  const out = {};
  if (__ENV.SUMMARY_FILE) {
    out[__ENV.SUMMARY_FILE] = JSON.stringify(data, null, 2);
  }
  return out;
}
