/**
 * The local stack's PGlite replica served over the PostgreSQL protocol on loopback, so
 * `aiops-obs report`, `aiops-obs export`, psql or any PostgreSQL client can read the live
 * replica while the stack writes to it (PGlite is one in-process connection: nothing else
 * can open its data directory).
 *
 * Sharing one PGlite session safely: a client holds PGlite's locks (the ones its own
 * `query` and `transaction` take) from its first message until PGlite answers
 * ReadyForQuery with status idle, so the replica's writes never run inside a client's
 * transaction and a client never runs inside the replica's. Between exchanges the replica
 * writes as usual. A client idle inside a transaction for longer than `idleInTransactionMs`
 * is rolled back and disconnected (PostgreSQL's idle_in_transaction_session_timeout), and a
 * client that disconnects mid-transaction is rolled back. Session state (SET, prepared
 * statements, cursors) is shared by every client and reset (DISCARD ALL) when the last one
 * leaves. Cancel requests are not supported.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { listen } from '../server-io.ts';
import {
  authenticationCleartextPassword,
  authenticationOk,
  backendKeyData,
  CANCEL_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  negotiateProtocolVersion,
  PROTOCOL_3,
  parameterStatus,
  query,
  ReadyForQueryTracker,
  readyForQuery,
  SSL_REQUEST,
  splitMessages,
  startupParameters,
  sync,
} from './protocol.ts';

/** Options of {@link startPgliteServer}. */
export interface PgliteServerOptions {
  /** Port on 127.0.0.1; 0 takes any free port. @default 0 */
  readonly port?: number;
  /** The password clients must give (user `postgres`). @default a random one, in `url` */
  readonly password?: string;
  /** Roll back and disconnect a client idle in a transaction this long. @default 60000 */
  readonly idleInTransactionMs?: number;
}

/** A running server. */
export interface PgliteServer {
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Holds both PGlite locks until the returned function is called. */
function lease(db: PGlite): Promise<() => void> {
  return new Promise((acquired, failed) => {
    db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(() => new Promise<void>((release) => acquired(release))),
    ).catch(failed);
  });
}

const equalSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Server-wide state shared by the sessions. */
interface Shared {
  readonly db: PGlite;
  readonly password: string;
  readonly idleMs: number;
  readonly status: Buffer;
  clients: number;
}

/** One client connection. */
class Session {
  private buffer: Buffer = Buffer.alloc(0);
  private stage: 'startup' | 'password' | 'ready' = 'startup';
  private chain: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly tracker = new ReadyForQueryTracker();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly shared: Shared,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.chain = this.chain.then(() => this.drain()).catch((e: Error) => this.fail(e));
    });
    socket.on('close', () => {
      this.chain = this.chain.then(() => this.end());
    });
    socket.on('error', () => socket.destroy());
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      if (this.stage === 'ready') {
        const { messages, rest } = splitMessages(this.buffer);
        this.buffer = rest;
        if (messages.length === 0) return;
        const terminate = messages.findIndex((m) => m[0] === 0x58); // 'X'
        const batch = terminate === -1 ? messages : messages.slice(0, terminate);
        if (batch.length > 0) await this.exchange(Buffer.concat(batch));
        if (terminate !== -1) return void this.socket.end();
        continue;
      }
      if (!(await this.handshake())) return;
    }
  }

  /** One step of the startup or password exchange; `false` when more bytes are needed. */
  private async handshake(): Promise<boolean> {
    if (this.stage === 'password') {
      const { messages, rest } = splitMessages(this.buffer);
      const [first] = messages;
      if (!first) return false;
      this.buffer = Buffer.concat([...messages.slice(1), rest]);
      const given = first.subarray(5, first.length - 1).toString('utf8');
      if (first[0] !== 0x70 || !equalSecret(given, this.shared.password)) {
        this.socket.end(
          errorResponse('FATAL', '28P01', 'password authentication failed for user "postgres"'),
        );
        this.closed = true;
        return false;
      }
      this.stage = 'ready';
      this.shared.clients += 1;
      this.socket.write(Buffer.concat([authenticationOk(), this.shared.status, readyForQuery('I')]));
      return true;
    }
    if (this.buffer.length < 8) return false;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return false;
    const code = this.buffer.readInt32BE(4);
    const body = this.buffer.subarray(8, length);
    this.buffer = this.buffer.subarray(length);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N');
      return true;
    }
    if (code === CANCEL_REQUEST || code >> 16 !== 3) {
      this.socket.end(
        errorResponse('FATAL', '0A000', 'only protocol 3.0 is served here, without cancel requests'),
      );
      this.closed = true;
      return false;
    }
    const user = startupParameters(body).user;
    if (user !== 'postgres') {
      this.socket.end(errorResponse('FATAL', '28000', `role "${user ?? ''}" does not exist (use postgres)`));
      this.closed = true;
      return false;
    }
    if (code !== PROTOCOL_3) this.socket.write(negotiateProtocolVersion());
    this.stage = 'password';
    this.socket.write(authenticationCleartextPassword());
    return true;
  }

  /** Passes client messages to PGlite under the lease and streams the answer back. */
  private async exchange(input: Buffer): Promise<void> {
    this.stopIdleTimer();
    this.release ??= await lease(this.shared.db);
    this.tracker.reset();
    await this.shared.db.execProtocolRawStream(new Uint8Array(input), {
      onRawData: (chunk) => {
        this.tracker.push(chunk);
        if (!this.socket.destroyed) this.socket.write(chunk);
      },
    });
    if (this.tracker.status === 'I') this.unlease();
    else this.idleTimer = setTimeout(() => void this.timeOut(), this.shared.idleMs);
  }

  private async timeOut(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (!this.release || this.closed) return;
      await this.rollBack();
      this.socket.end(
        errorResponse('FATAL', '25P03', 'terminating connection due to idle-in-transaction timeout'),
      );
      this.closed = true;
    });
    await this.chain;
  }

  /** Ends whatever the client left open (an extended-protocol exchange, a transaction). */
  private async rollBack(): Promise<void> {
    if (!this.release) return;
    await this.shared.db.execProtocolRaw(new Uint8Array(Buffer.concat([sync(), query('ROLLBACK')])));
    this.unlease();
  }

  private unlease(): void {
    this.stopIdleTimer();
    this.release?.();
    this.release = undefined;
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private async end(): Promise<void> {
    const wasReady = this.stage === 'ready';
    this.closed = true;
    this.stage = 'startup';
    await this.rollBack().catch(() => this.unlease());
    if (!wasReady) return;
    this.shared.clients -= 1;
    if (this.shared.clients === 0 && !this.shared.db.closed) {
      // The last client gone: nothing it SET or PREPAREd stays behind for the replica.
      const release = await lease(this.shared.db);
      try {
        await this.shared.db.execProtocolRaw(new Uint8Array(query('DISCARD ALL')));
      } finally {
        release();
      }
    }
  }

  private fail(error: Error): void {
    this.socket.destroy(error);
  }
}

async function serverStatus(db: PGlite): Promise<Buffer> {
  const { rows } = await db.query<{ v: string; tz: string }>(
    "SELECT current_setting('server_version') AS v, current_setting('TimeZone') AS tz",
  );
  const row = rows[0] as { v: string; tz: string };
  return Buffer.concat([
    parameterStatus('server_version', row.v),
    parameterStatus('server_encoding', 'UTF8'),
    parameterStatus('client_encoding', 'UTF8'),
    parameterStatus('DateStyle', 'ISO, MDY'),
    parameterStatus('integer_datetimes', 'on'),
    parameterStatus('standard_conforming_strings', 'on'),
    parameterStatus('TimeZone', row.tz),
    parameterStatus('is_superuser', 'on'),
    parameterStatus('session_authorization', 'postgres'),
    backendKeyData(randomInt(1, 2 ** 31 - 1), randomInt(1, 2 ** 31 - 1)),
  ]);
}

/**
 * Serves `db` on 127.0.0.1 over the PostgreSQL protocol (user `postgres`, a password).
 * @example
 * const server = await startPgliteServer(pglite);
 * // psql "$(server.url)" -c 'SELECT count(*) FROM ai_decisions'
 */
export async function startPgliteServer(
  db: PGlite,
  options: PgliteServerOptions = {},
): Promise<PgliteServer> {
  const password = options.password ?? randomBytes(18).toString('base64url');
  const shared: Shared = {
    db,
    password,
    idleMs: options.idleInTransactionMs ?? 60_000,
    status: await serverStatus(db),
    clients: 0,
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new Session(socket, shared);
  });
  const port = await listen(server, options.port ?? 0, '127.0.0.1');
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
