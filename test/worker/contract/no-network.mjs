// Preloaded (node --import) into a tool the tests run, to prove it works offline: every outgoing
// connection (http, https, fetch, raw sockets all go through net.Socket#connect) is recorded in
// $ATOZ_NETWORK_LOG and fails at once instead of leaving the machine.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.ATOZ_NETWORK_LOG;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]; // net.connect passes its normalized [options, callback]
  const target = typeof first === 'object' && first !== null ? (first.path ?? `${first.host ?? 'localhost'}:${first.port}`) : String(first);
  if (log) appendFileSync(log, `connect ${target}\n`);
  process.nextTick(() => this.destroy(Object.assign(new Error(`network disabled by the test (${target})`), { code: 'ENETUNREACH' })));
  return this;
};
void connect;
