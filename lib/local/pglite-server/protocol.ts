/**
 * The few pieces of the PostgreSQL frontend/backend protocol (v3) the PGlite server handles
 * itself: framing, the startup and authentication exchange, errors, and reading the
 * transaction status from ReadyForQuery. Everything else is passed to PGlite as it is.
 */

/** Codes of the untyped first messages. */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 3 << 16;

/** One backend message: type byte, int32 length (itself included), body. */
export function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (s: string) => Buffer.from(`${s}\0`, 'utf8');
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

export const authenticationOk = (): Buffer => message('R', int32(0));
export const authenticationCleartextPassword = (): Buffer => message('R', int32(3));
export const parameterStatus = (name: string, value: string): Buffer =>
  message('S', Buffer.concat([cstring(name), cstring(value)]));
export const backendKeyData = (pid: number, secret: number): Buffer =>
  message('K', Buffer.concat([int32(pid), int32(secret)]));
export const readyForQuery = (status: 'I' | 'T' | 'E'): Buffer => message('Z', Buffer.from(status, 'latin1'));
/** Asks a client that wants protocol 3.x (x > 0) to speak 3.0. */
export const negotiateProtocolVersion = (): Buffer => message('v', Buffer.concat([int32(0), int32(0)]));

/** An ErrorResponse (`FATAL` closes the session, `ERROR` does not). */
export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, text: string): Buffer {
  return message(
    'E',
    Buffer.concat([
      Buffer.from('S'),
      cstring(severity),
      Buffer.from('V'),
      cstring(severity),
      Buffer.from('C'),
      cstring(code),
      Buffer.from('M'),
      cstring(text),
      Buffer.from([0]),
    ]),
  );
}

/** A simple Query message (frontend), as the server sends PGlite for its own clean-ups. */
export const query = (sql: string): Buffer => message('Q', cstring(sql));
/** A Sync message (frontend): ends an unfinished extended-protocol exchange. */
export const sync = (): Buffer => message('S');

/** The parameters of a StartupMessage body (after length and version): `user`, `database`, ... */
export function startupParameters(body: Buffer): Record<string, string> {
  const parts = body.toString('utf8').split('\0');
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const key = parts[i] as string;
    if (key === '') break;
    params[key] = parts[i + 1] as string;
  }
  return params;
}

/**
 * Splits a buffer into complete typed messages; the incomplete tail is kept for later.
 * @example splitMessages(Buffer.concat([query('SELECT 1'), Buffer.from('Q')])) // { messages: [<Q…>], rest: <Q> }
 */
export function splitMessages(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = buffer.readInt32BE(offset + 1);
    if (length < 4) throw new Error(`invalid message length ${length}`);
    if (buffer.length - offset < length + 1) break;
    messages.push(buffer.subarray(offset, offset + length + 1));
    offset += length + 1;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/**
 * Follows a stream of backend messages that may arrive in arbitrary chunks and remembers the
 * status of the last ReadyForQuery: `I` idle, `T` in a transaction, `E` in a failed one.
 */
export class ReadyForQueryTracker {
  private header: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private inReadyForQuery = false;
  /** The last status seen, `undefined` until a ReadyForQuery arrives. */
  status: string | undefined;

  /** Feeds one chunk of backend output. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        if (this.inReadyForQuery && this.remaining === 1)
          this.status = String.fromCharCode(chunk[i] as number);
        this.remaining -= take;
        i += take;
        continue;
      }
      const need = 5 - this.header.length;
      const part = Buffer.from(chunk.subarray(i, i + need));
      this.header = Buffer.concat([this.header, part]);
      i += part.length;
      if (this.header.length < 5) return;
      this.inReadyForQuery = this.header[0] === 0x5a; // 'Z'
      this.remaining = this.header.readInt32BE(1) - 4;
      this.header = Buffer.alloc(0);
    }
  }

  /** Forgets the last status (before a new exchange). */
  reset(): void {
    this.status = undefined;
  }
}
