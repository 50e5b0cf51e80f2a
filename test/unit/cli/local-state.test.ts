import { chmod, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { type LocalState, readLocalState, writeLocalState } from '#lib/cli/local-state';

const state: LocalState = {
  url: 'http://127.0.0.1:3000',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  tablePrefix: 'aiops-local',
  pid: 4242,
  replicaUrl: 'postgresql://postgres:secret@127.0.0.1:5433/postgres',
};

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('the local state file', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-local-state-'));
    file = join(dir, '.aiops', 'local.json');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is created readable by its owner only', async () => {
    // Act
    await writeLocalState(state, file);

    // Assess
    expect(await modeOf(file)).toBe(0o600);
    expect(await readLocalState(file)).toEqual(state);
  });

  it('is made owner-only when it already existed with a looser mode', async () => {
    // Prepare
    await writeLocalState({ ...state, pid: 1 }, file);
    await chmod(file, 0o644);

    // Act
    await writeLocalState(state, file);

    // Assess
    expect(await modeOf(file)).toBe(0o600);
    expect(await readLocalState(file)).toEqual(state);
  });

  it('replaces a file others could read, so a handle opened on it earlier never sees the new password', async () => {
    // Prepare
    await writeLocalState({ ...state, replicaUrl: undefined }, file);
    await chmod(file, 0o644);
    const earlier = await open(file, 'r');
    onTestFinished(() => earlier.close());

    // Act
    await writeLocalState(state, file);

    // Assess
    expect(await earlier.readFile('utf8')).not.toContain('secret');
    expect(await modeOf(file)).toBe(0o600);
  });
});
