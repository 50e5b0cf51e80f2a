import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/local-api.ts';

const run = promisify(execFile);
const api = useTestApi();

/**
 * The README's curl examples, in order, as shell commands: continuation lines joined, and
 * a multi-line `-d '…'` body kept whole. Examples with placeholders (`…`, `<…>`) are only
 * illustrations and are left out.
 */
function readmeCurls(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const commands: string[] = [];
  for (const block of blocks) {
    let current = '';
    for (const line of block.split('\n')) {
      if (!current && !line.startsWith('curl ')) continue;
      current += `${line}\n`;
      const quotes = (current.match(/'/g) ?? []).length;
      if (line.endsWith('\\') || quotes % 2 === 1) continue;
      commands.push(current.trim().replace(/\s+#.*$/, ''));
      current = '';
    }
  }
  return commands.filter((c) => !/…|<[a-z][^>]*>/i.test(c));
}

describe('README', () => {
  it('has curl examples that all work against the local stack', async () => {
    // Prepare
    const commands = readmeCurls();
    expect(commands.length).toBeGreaterThanOrEqual(10);
    // Act + Assess: every example in order, failing on any HTTP error
    for (const command of commands) {
      const script = `curl() { command curl --fail-with-body --silent --show-error "$@"; }\n${command}`;
      const res = await run('bash', ['-c', script], {
        env: { ...process.env, API: api.url, KEY: api.devKey },
      }).catch((e: { stdout: string; stderr: string }) => ({
        stdout: e.stdout,
        stderr: `FAILED ${e.stderr}`,
      }));
      expect(res.stderr, `${command}\n${res.stdout}`).not.toContain('FAILED');
    }
  });
});
