/**
 * Starts the official DynamoDB Local as a child Java process and waits until it answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocalFiles, ensureDynamoDbLocal } from './fetch.ts';
import { requireJava } from './java.ts';
import { LAUNCH_SOURCE, LAUNCH_SOURCE_FILE } from './loopback-launch.ts';

/** Options of {@link startDynamoDbLocal}. */
export interface StartDynamoDbLocalOptions {
  /**
   * TCP port to listen on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Directory for the database file (`shared-local-instance.db`), created if missing; data
   * survives restarts. When absent, the data lives in memory and is lost on stop.
   * @default undefined (in memory)
   */
  readonly dataDir?: string;
  /**
   * Address it listens on, and the endpoint's host (`127.0.0.1` when this is a wildcard).
   * DynamoDB Local has no authentication: anyone who reaches the port reads and writes every
   * table, so anything but loopback opens the data to the network.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * How long to wait for the first successful ListTables.
   * @default 30_000
   */
  readonly startTimeoutMs?: number;
  /**
   * Let DynamoDB Local send its usage telemetry to AWS.
   * @default false
   */
  readonly telemetry?: boolean;
  /**
   * Options for the JVM, placed before the class path. The default, the C1 compiler only, starts
   * DynamoDB Local about twice as fast on a busy machine, which matters more here than peak
   * throughput.
   * @default ['-XX:TieredStopAtLevel=1']
   */
  readonly jvmOptions?: readonly string[];
  /**
   * Cache directory of the emulator, passed to {@link ensureDynamoDbLocal}.
   * @default dynamoDbLocalCacheDir()
   */
  readonly cacheDir?: string;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234`; any region and any credentials see the same tables. */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops it: SIGTERM, then SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
const PORT_ATTEMPTS = 5;
const KILL_AFTER_MS = 5_000;
const DEFAULT_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1'];

/** Children still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
const killRunning = (): void => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
};

/** The last {@link OUTPUT_LIMIT} characters a child printed, for error messages. */
class OutputTail {
  private text = '';

  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > OUTPUT_LIMIT) {
      this.text = this.text.slice(-OUTPUT_LIMIT);
    }
  }

  toString(): string {
    return this.text.trim();
  }
}

/** Binds `port` (0 = let the OS choose) on `host`, then releases it. */
const probePort = (port: number, host: string): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolvePort(bound));
    });
  });

const BIND_FAILURE = /Failed to bind|BindException|Address already in use/i;

/** What a Java runtime without the compiler module says when asked to run a source program. */
const NO_COMPILER = /jdk\.compiler/;
const NO_COMPILER_HINT =
  'This Java runtime has no jdk.compiler module, which runs the launch program from source: ' +
  'use a full Java 17+ runtime (Debian/Ubuntu: openjdk-17-jre-headless; otherwise a JDK) or set JAVA_HOME to one';

const WILDCARDS = new Set(['0.0.0.0', '::']);

const endpointOf = (host: string, port: number): string => {
  const reachable = WILDCARDS.has(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
};

class StartError extends Error {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'DynamoDbLocalStartError';
  }
}

interface Launched {
  readonly child: ChildProcess;
  readonly output: OutputTail;
  readonly exited: Promise<void>;
}

/**
 * Spawns the JVM on the launch program ({@link LAUNCH_SOURCE}, in `launchDir`): DynamoDB Local
 * with its usual options, listening on `host` only, exiting when our end of its stdin closes.
 */
const launch = async (
  java: string,
  files: DynamoDbLocalFiles,
  port: number,
  host: string,
  launchDir: string,
  opts: StartDynamoDbLocalOptions,
): Promise<Launched> => {
  const dynamoDbArgs = [
    '-port',
    String(port),
    ...(opts.dataDir === undefined ? ['-inMemory'] : ['-dbPath', resolve(opts.dataDir)]),
    '-sharedDb',
    ...(opts.telemetry ? [] : ['-disableTelemetry']),
  ];
  const source = join(launchDir, LAUNCH_SOURCE_FILE);
  await writeFile(source, LAUNCH_SOURCE, { mode: 0o600 });
  const args = [
    ...(opts.jvmOptions ?? DEFAULT_JVM_OPTIONS),
    `-Djava.library.path=${files.libDir}`,
    '-cp',
    files.jarPath,
    source,
    host,
    ...dynamoDbArgs,
  ];
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory: keep it out of the repo.
  const cwd = opts.dataDir === undefined ? tmpdir() : resolve(opts.dataDir);
  // stdin is a pipe only we hold: the JVM exits when it closes, even if this process is killed.
  const child = spawn(java, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  child.stdin?.on('error', () => undefined);
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
  // 'close' comes after 'exit' and after the last output, which the start-up checks read.
  const exited = new Promise<void>((done) => {
    child.once('close', () => done());
    child.once('error', (error) => {
      output.append(`\n${error.message}\n`);
      done();
    });
  });
  running.add(child);
  void exited.then(() => running.delete(child));
  if (!exitHookInstalled) {
    process.on('exit', killRunning);
    exitHookInstalled = true;
  }
  return { child, output, exited };
};

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

const stopChild = async ({ child, exited }: Launched): Promise<void> => {
  if (child.pid !== undefined && !hasExited(child)) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  }
  running.delete(child);
};

/**
 * Polls ListTables until our child answers. The launch program exits when its port is taken
 * (printing `Failed to bind`), and another server on that port would answer for it, so an answer
 * counts only if the port refused connections first (no one else was there) and the child has
 * not reported a bind failure.
 */
const waitUntilReady = async (launched: Launched, endpoint: string, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // The first answer of a cold JVM can take seconds on a loaded machine.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + timeoutMs;
  const failure = (reason: string, addressInUse: boolean): StartError =>
    new StartError(
      `DynamoDB Local on ${endpoint} ${reason}. Its output:\n${launched.output.toString()}`,
      addressInUse,
    );
  let portWasFree = false;
  try {
    for (;;) {
      if (hasExited(launched.child) || launched.child.pid === undefined) {
        await launched.exited;
        const status = launched.child.exitCode ?? launched.child.signalCode;
        const output = launched.output.toString();
        if (BIND_FAILURE.test(output)) {
          throw failure('could not bind its port', true);
        }
        const hint = NO_COMPILER.test(output) ? `. ${NO_COMPILER_HINT}` : '';
        throw failure(`exited during start-up (${status ?? 'not started'})${hint}`, false);
      }
      if (BIND_FAILURE.test(launched.output.toString())) {
        throw failure('could not bind its port', true);
      }
      let answered = false;
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        answered = true;
      } catch {
        portWasFree = true;
      }
      if (answered && !portWasFree) {
        throw failure('was answered by another server before ours could start', true);
      }
      if (answered && !BIND_FAILURE.test(launched.output.toString())) {
        return;
      }
      if (Date.now() > deadline) {
        throw failure(`did not answer within ${timeoutMs} ms`, false);
      }
      await sleep(100);
    }
  } finally {
    client.destroy();
  }
};

/**
 * Starts DynamoDB Local (downloading it on first use) and resolves once it answers ListTables.
 * It listens on 127.0.0.1 only (see `host`; DynamoDB Local itself would listen on every
 * interface without authentication), runs with `-sharedDb`, so every region and credential
 * sees the same tables, and without telemetry unless asked. It exits when this process does,
 * however that happens (SIGKILL included): its stdin is a pipe from here.
 *
 * @throws Error when Java 17+ is missing, the download fails, or the server does not come up
 *   (the message then carries the server's output).
 * @example
 * const ddb = await startDynamoDbLocal();            // in memory, free port
 * const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1' });
 * await ddb.stop();
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  const [{ javaPath }, files] = await Promise.all([
    requireJava(),
    ensureDynamoDbLocal(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  ]);
  if (options.dataDir !== undefined) {
    await mkdir(options.dataDir, { recursive: true });
  }
  if (requestedPort !== 0) {
    await probePort(requestedPort, host).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `Cannot start DynamoDB Local on port ${requestedPort}: ${error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message}. ` +
          'Stop what listens there, or pass port 0 to use any free port.',
      );
    });
  }
  // The launch file is read by the JVM as it starts; it is removed once the server answers.
  const launchDir = await mkdtemp(join(tmpdir(), 'aiops-dynamodb-launch-'));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = requestedPort === 0 ? await probePort(0, host) : requestedPort;
      const endpoint = endpointOf(host, port);
      const launched = await launch(javaPath, files, port, host, launchDir, options);
      try {
        await waitUntilReady(launched, endpoint, options.startTimeoutMs ?? 30_000);
      } catch (error) {
        await stopChild(launched);
        const retry = error instanceof StartError && error.addressInUse && requestedPort === 0;
        if (retry && attempt < PORT_ATTEMPTS) {
          continue;
        }
        throw error;
      }
      let stopping: Promise<void> | undefined;
      return {
        endpoint,
        port,
        stop: () => {
          stopping ??= stopChild(launched);
          return stopping;
        },
      };
    }
  } finally {
    await rm(launchDir, { recursive: true, force: true });
  }
}
