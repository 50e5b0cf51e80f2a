import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

/** The front page, then every page of the manual in name order. */
const pages = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/**
 * A page's curl examples, in order, as shell commands: continuation lines joined, and a
 * multi-line `-d '…'` body kept whole. Only blocks fenced as `sh` count; examples with
 * placeholders (`…`, `<…>`) are only illustrations and are left out.
 */
function curlExamples(page: string): string[] {
  const markdown = readFileSync(new URL(page, root), 'utf8');
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const commands: string[] = [];
  for (const block of blocks) {
    let current = '';
    for (const line of block.split('\n')) {
      if (!current && !line.trimStart().startsWith('curl ')) continue;
      current += `${line}\n`;
      const quotes = (current.match(/'/g) ?? []).length;
      if (line.endsWith('\\') || quotes % 2 === 1) continue;
      commands.push(current.trim().replace(/\s+#.*$/, ''));
      current = '';
    }
  }
  return commands.filter((c) => !/…|<[a-z][^>]*>/i.test(c));
}

const examples = pages.map((page) => ({ page, commands: curlExamples(page) }));

describe('README and docs/', () => {
  it('have curl examples, the front page its tour', () => {
    // Assess
    expect(examples[0]?.commands.length).toBeGreaterThanOrEqual(8);
    expect(examples.flatMap((e) => e.commands).length).toBeGreaterThanOrEqual(20);
  });

  it.each(examples.filter((e) => e.commands.length > 0))(
    '$page: every curl example works, in order, against a fresh local stack',
    async ({ commands }) => {
      // Prepare: the stack a reader starts with `npm start` before following the page
      const api = await startTestApi();
      try {
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
      } finally {
        await api.stop();
      }
    },
  );
});
