/**
 * The distributed tests' Redis: the throwaway local server (src/node/redis_server.ts); without
 * the binary the tests skip with a message locally and fail under CI (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisAvailable } from '../../src/node/redis_server.js';

export { REDIS_SKIP, RedisServer, redisAvailable } from '../../src/node/redis_server.js';
if (process.env.CI && !redisAvailable) throw new Error("CI=true but redis-server is missing: .ci/run must install Debian's redis-server");

/** A CA and a server certificate for 127.0.0.1 / localhost, made with openssl into `dir`. */
export function makeCertificates(dir: string): { cert: string; key: string; ca: string } {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=tfgym test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt']);
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}
