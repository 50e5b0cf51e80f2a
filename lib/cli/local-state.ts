import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../local/streams/atomic-file.ts';

/** Where a running local stack says how to reach it, so other commands find it. */
export const LOCAL_STATE_FILE = join(process.cwd(), '.aiops', 'local.json');

/** What the running local stack publishes (never the API key). */
export interface LocalState {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly tablePrefix: string;
  readonly pid: number;
  /** The MQTT broker of the fleet and where appliances are registered, when the stack runs one. */
  readonly mqtt?: import('./local-mqtt.ts').LocalMqttState;
  /** The PGlite replica over the PostgreSQL protocol (`postgresql://…`), when the stack serves one. */
  readonly replicaUrl?: string;
}

/**
 * Writes the state file owner-only (0600) every time: it holds the replica's password. A file
 * left with a looser mode is replaced, not written into.
 * @example await writeLocalState({ url, dynamodbEndpoint, tablePrefix, pid: process.pid });
 */
export async function writeLocalState(state: LocalState, file = LOCAL_STATE_FILE): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function readLocalState(file = LOCAL_STATE_FILE): Promise<LocalState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
}

export const removeLocalState = (file = LOCAL_STATE_FILE): Promise<void> => rm(file, { force: true });
