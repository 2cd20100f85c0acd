// @ts-check
// Starts a real Chumchon server for the browser tests: a fresh SQLite database in a temp dir,
// migrated and seeded with the demo users, serving the built SPA (web/dist) on a free port.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(webDir, '..');
const cli = process.env.CHUMCHON_CLI ?? path.join(repoDir, '.venv/bin/chumchon');

/** @returns {Promise<number>} a TCP port nobody listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * @typedef {{ url: string, logs: () => string, stop: () => Promise<void> }} RunningServer
 * @returns {Promise<RunningServer>}
 */
export async function startServer() {
  // CHUMCHON_E2E_DIST lets several people build and test their own copy side by side.
  const dist = process.env.CHUMCHON_E2E_DIST ?? path.join(webDir, 'dist');
  await access(path.join(dist, 'index.html')).catch(() => {
    throw new Error('web/dist is missing: run `npm run build` before the browser tests');
  });
  await access(cli).catch(() => {
    throw new Error(`${cli} not found: run \`make install\` in the repository root first`);
  });

  const tmp = await mkdtemp(path.join(tmpdir(), 'chumchon-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    CHUMCHON_ENV: 'dev',
    CHUMCHON_DATABASE_URL: `sqlite+aiosqlite:///${path.join(tmp, 'e2e.db')}`,
    CHUMCHON_FILES_DIR: path.join(tmp, 'files'),
    CHUMCHON_WEB_DIST: dist,
    CHUMCHON_LOG_JSON: 'false',
    CHUMCHON_LOG_LEVEL: 'WARNING',
  };
  const opts = { env, cwd: tmp, timeout: 120_000 };
  await run(cli, ['migrate'], opts);
  await run(cli, ['seed-demo'], opts);

  let output = '';
  const child = spawn(cli, ['serve', '--host', '127.0.0.1', '--port', String(port)], { env, cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // If the test process dies without reaching stop(), do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(tmp, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`chumchon serve exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`chumchon serve did not answer /health within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, logs: () => output, stop };
}
