/**
 * Starting a real server binary for one test file (Prometheus, Alertmanager): whether it is
 * installed, a `describe` that is skipped with the reason when it is not (or fails under
 * `REQUIRE_PROMETHEUS`, as in CI), and a launch on a free loopback port that waits until the
 * server answers and cleans up after itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe } from 'vitest';

/** A binary the tests need, and the Debian package that brings it. */
export interface ServerBinary {
  /** Absolute path. */
  readonly bin: string;
  /** Debian package, for the messages. */
  readonly debianPackage: string;
  /** Environment variable that overrides the path, for the messages. */
  readonly envVar: string;
}

/** The binaries of `binaries` that are not there. */
function missingBinaries(binaries: ServerBinary | readonly ServerBinary[]): ServerBinary[] {
  return [binaries].flat().filter((binary) => !existsSync(binary.bin));
}

const paths = (binaries: readonly ServerBinary[]) => binaries.map((b) => b.bin).join(', ');
const packages = (binaries: readonly ServerBinary[]) =>
  [...new Set(binaries.map((b) => b.debianPackage))].join(' ');

/**
 * Whether the binary (or every one of several) is there; throws when one is not and
 * `REQUIRE_PROMETHEUS` is set (never a silent skip in CI).
 */
export function binaryAvailable(binaries: ServerBinary | readonly ServerBinary[]): boolean {
  const missing = missingBinaries(binaries);
  if (missing.length === 0) return true;
  if (process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${paths(missing)} ${missing.length === 1 ? 'does' : 'do'} not exist: apt-get install ${packages(missing)} (or set ${missing.map((b) => b.envVar).join(', ')})`,
    );
  }
  return false;
}

/** `describe` that runs only when the binary (or every one of several) is installed; otherwise skipped, its name saying why. */
export function describeWithBinary(
  binaries: ServerBinary | readonly ServerBinary[],
  name: string,
  body: () => void,
): void {
  const available = binaryAvailable(binaries);
  const missing = missingBinaries(binaries);
  const title = available
    ? name
    : `${name} (skipped: ${paths(missing)} missing, apt-get install ${packages(missing)})`;
  describe.skipIf(!available)(title, body);
}

/** How to start one server and tell it is ready. */
export interface ServerLaunch {
  readonly binary: ServerBinary;
  /** Name in error messages. */
  readonly name: string;
  /** Its working directory (config, data): removed by `stop()`, or when no launch succeeds. */
  readonly dir: string;
  /** Command-line arguments for a port. */
  args(port: number): string[];
  /** Path answered once ready, e.g. `/-/ready`. */
  readonly readyPath: string;
  /** Text in that answer proving it comes from this server, not whoever else took the port. */
  readonly readyMarker: string;
}

/** A started server process. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** SIGTERM (SIGKILL after 10 s), wait for exit, remove the directory. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts the server on a free port and waits until it is ready (up to 30 s), trying another
 * port when one is taken meanwhile (three tries).
 * @example const server = await startServerProcess({ binary, name: 'prometheus', dir, args, readyPath: '/-/ready', readyMarker: 'Prometheus' });
 */
export async function startServerProcess(launch: ServerLaunch): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOnce(launch, await freePort());
    } catch (error) {
      if (attempt >= 3) {
        await rm(launch.dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function launchOnce(launch: ServerLaunch, port: number): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(launch.binary.bin, launch.args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${launch.name} exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}${launch.readyPath}`).then(
      async (r) => r.ok && (await r.text()).includes(launch.readyMarker) && child.exitCode === null,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`${launch.name} not ready at ${url} after 30 s:\n${log}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    async stop() {
      await stopChild(child, exited);
      await rm(launch.dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
