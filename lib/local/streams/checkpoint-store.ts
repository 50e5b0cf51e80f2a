/**
 * Checkpoint stores: in memory (progress lost on restart) or in `<dataDir>/stream-checkpoints.json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.ts';
import type { CheckpointKey, CheckpointStore, ShardCheckpoint } from './types.ts';

/** File name of the checkpoints inside the data directory. */
export const CHECKPOINT_FILE = 'stream-checkpoints.json';

type Checkpoints = Record<string, Record<string, ShardCheckpoint>>;

/** The file's content: checkpoints by mapping id, then by shard id. */
interface CheckpointFile {
  readonly version: 1;
  readonly mappings: Checkpoints;
}

/** Shared by both stores: the checkpoints as a map, copied on the way in and out. */
class CheckpointMap {
  constructor(readonly mappings: Checkpoints = {}) {}

  get({ mappingId, shardId }: CheckpointKey): ShardCheckpoint | undefined {
    const found = this.mappings[mappingId]?.[shardId];
    return found === undefined ? undefined : { ...found };
  }

  put({ mappingId, shardId }: CheckpointKey, checkpoint: ShardCheckpoint): void {
    this.mappings[mappingId] = { ...this.mappings[mappingId], [shardId]: { ...checkpoint } };
  }

  list(mappingId: string): Record<string, ShardCheckpoint> {
    return structuredClone(this.mappings[mappingId] ?? {});
  }
}

/**
 * Checkpoints kept in memory: a restart starts again from the starting position.
 * @example
 * const checkpointStore = memoryCheckpointStore();
 */
export function memoryCheckpointStore(): CheckpointStore {
  const map = new CheckpointMap();
  return {
    get: async (key) => map.get(key),
    put: async (key, checkpoint) => map.put(key, checkpoint),
    list: async (mappingId) => map.list(mappingId),
  };
}

const readCheckpointFile = async (path: string): Promise<Checkpoints> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<CheckpointFile>;
  if (parsed?.version !== 1 || typeof parsed.mappings !== 'object' || parsed.mappings === null) {
    throw new Error(`${path}: not a checkpoint file of version 1`);
  }
  return parsed.mappings;
};

/**
 * Checkpoints in `<dataDir>/stream-checkpoints.json`, loaded on first use and rewritten
 * atomically (temporary file + rename) on every change; `put` resolves once the file holds the
 * change. Writes that pile up while one is running are merged into the next. Use one store per
 * data directory in a process: two would overwrite each other's changes.
 * @example
 * const checkpointStore = fileCheckpointStore('.aiops/data');
 */
export function fileCheckpointStore(dataDir: string): CheckpointStore {
  const path = join(dataDir, CHECKPOINT_FILE);
  let loaded: Promise<CheckpointMap> | undefined;
  const load = (): Promise<CheckpointMap> => {
    loaded ??= readCheckpointFile(path).then((mappings) => new CheckpointMap(mappings));
    return loaded;
  };
  let writing: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  const flush = (map: CheckpointMap): Promise<void> => {
    if (queued !== undefined) return queued;
    const run = writing.then(() => {
      queued = undefined;
      const file: CheckpointFile = { version: 1, mappings: map.mappings };
      return writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
    });
    queued = run;
    writing = run.catch(() => undefined);
    return run;
  };
  return {
    get: async (key) => (await load()).get(key),
    put: async (key, checkpoint) => {
      const map = await load();
      map.put(key, checkpoint);
      await flush(map);
    },
    list: async (mappingId) => (await load()).list(mappingId),
  };
}
