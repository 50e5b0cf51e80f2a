import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OUT_DIR,
  generatedDashboards,
  main,
  staleDashboards,
} from '../../../bin/write-dashboards.ts';

/** A console that keeps what it is told. */
function recorder() {
  const lines: string[] = [];
  const keep = (m: string) => {
    lines.push(m);
  };
  return { lines, log: { log: keep, error: keep } };
}

describe('bin/write-dashboards.ts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dashboards-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds the committed dashboards/generated files up to date', async () => {
    // Act
    const stale = await staleDashboards(DEFAULT_OUT_DIR);
    // Assess
    expect(stale, 'run `npm run dashboards` and commit dashboards/generated').toEqual([]);
  });

  it('--check fails naming every missing file, then passes once written', async () => {
    // Prepare
    const out = recorder();
    // Act
    const before = await main(['--check', '--out', dir], out.log);
    const written = await main(['--out', dir], recorder().log);
    const after = await main(['--check', '--out', dir], recorder().log);
    // Assess
    expect(before).toBe(1);
    expect(out.lines.join('\n')).toContain('run `npm run dashboards`');
    for (const file of generatedDashboards().keys())
      expect(out.lines.join('\n')).toContain(`${file} (missing)`);
    expect(written).toBe(0);
    expect(after).toBe(0);
  });

  it('--check names a hand-edited file outdated and a stray one orphaned; writing repairs both', async () => {
    // Prepare
    await main(['--out', dir], recorder().log);
    const [first] = generatedDashboards().keys();
    const edited = path.join(dir, first as string);
    await writeFile(edited, (await readFile(edited, 'utf8')).replace('"refresh": "1m"', '"refresh": "5s"'));
    await writeFile(path.join(dir, 'old-dashboard.json'), '{}\n');
    const out = recorder();
    // Act
    const code = await main(['--check', '--out', dir], out.log);
    const stale = await staleDashboards(dir);
    await main(['--out', dir], recorder().log);
    // Assess
    expect(code).toBe(1);
    expect(stale).toEqual([
      { file: first, reason: 'outdated' },
      { file: 'old-dashboard.json', reason: 'orphaned' },
    ]);
    expect(out.lines.join('\n')).toContain(`${first} (outdated)`);
    expect(await staleDashboards(dir)).toEqual([]);
  });

  it('writes byte-stable JSON', () => {
    // Act
    const [a, b] = [generatedDashboards(), generatedDashboards()];
    // Assess
    expect([...a.values()]).toEqual([...b.values()]);
    for (const text of a.values()) expect(text.endsWith('}\n')).toBe(true);
  });
});
