/**
 * An analyst's commands against a live local stack: the stack runs with its pipeline and an
 * embedded PGlite replica (served over the PostgreSQL protocol), demo traffic flows in, and
 * `aiops-obs report` / `aiops-obs export training` run as separate processes that find the
 * stack through `.aiops/local.json`, as they do after `npm start`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPORTS } from '#domain/analytics/reports';
import { writeLocalState } from '../../lib/cli/local-state.ts';
import { seededRandom } from '../../lib/demo/random.ts';
import { runDemoBurst } from '../../lib/demo/run-demo.ts';
import { type LocalStack, startLocalStack } from '../../lib/local/stack.ts';

// This file's own process: the stack's replica is the embedded PGlite even when CI sets DATABASE_URL.
delete process.env.DATABASE_URL;

const CLI = resolve('bin/aiops-obs.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aiops-obs …` in `cwd`, with no database in its environment (it must find the stack). */
function aiopsObs(cwd: string, ...args: string[]): Promise<Run> {
  const { DATABASE_URL: _u, RDS_DATA_RESOURCE_ARN: _r, RDS_DATA_SECRET_ARN: _s, ...env } = process.env;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('aiops-obs report and export against a live local stack', () => {
  let stack: LocalStack;
  let cwd: string;
  let replica: pg.Client;
  const count = async (sql: string) => Number((await replica.query(sql)).rows[0].n);

  beforeAll(async () => {
    stack = await startLocalStack({
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tablePrefix: `t${randomBytes(4).toString('hex')}`,
      port: 0,
      pipeline: true,
    });
    const stats = await runDemoBurst({
      url: stack.url,
      apiKey: stack.apiKey,
      decisions: 150,
      appliances: 4,
      random: seededRandom(7),
    });
    expect(stats.sent.decisions).toBe(150);
    await stack.pipeline?.drained(60_000);
    cwd = await mkdtemp(join(tmpdir(), 'aiops-analyst-'));
    await writeLocalState(
      {
        url: stack.url,
        dynamodbEndpoint: stack.dynamodbEndpoint,
        tablePrefix: stack.tablePrefix,
        pid: process.pid,
        ...(stack.replicaUrl ? { replicaUrl: stack.replicaUrl } : {}),
      },
      join(cwd, '.aiops', 'local.json'),
    );
    replica = new pg.Client({ connectionString: stack.replicaUrl });
    await replica.connect();
  }, 180_000);
  afterAll(async () => {
    await replica?.end();
    await stack?.stop();
  });

  it('publishes the replica as a PostgreSQL URL with every decision in it', async () => {
    // Act
    const decisions = await count('SELECT count(*)::int AS n FROM ai_decisions');
    // Assess
    expect(stack.replicaUrl).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(decisions).toBe(150);
  });

  it('runs every report with one command each, in every format', async () => {
    for (const report of REPORTS) {
      // Act
      const csv = await aiopsObs(cwd, 'report', report.name, '--since', 'all', '--format', 'csv');
      // Assess
      expect(csv.stderr, report.name).toBe('');
      expect(csv.code, report.name).toBe(0);
      expect(csv.stdout.split('\n')[0], report.name).toBe(report.columns.map((c) => c.name).join(','));
    }
    const hourly = await aiopsObs(cwd, 'report', 'hourly', '--since', 'all', '--format', 'json');
    const actions = await aiopsObs(cwd, 'report', 'actions', '--since', 'all');
    const agreement = await aiopsObs(cwd, 'report', 'intent-agreement', '--since', 'all', '--format', 'json');
    const rows = JSON.parse(hourly.stdout) as { decisions: number }[];
    expect(rows.reduce((n, r) => n + r.decisions, 0)).toBe(150);
    expect(actions.stdout.split('\n')[0]).toMatch(/^action\s+decisions\s+executed\s+success_rate/);
    const verdicts = JSON.parse(agreement.stdout) as {
      verdicts: number;
      agreed: number;
      corrected: number;
    }[];
    expect(verdicts.reduce((n, r) => n + r.verdicts, 0)).toBe(
      await count(
        'SELECT count(*)::int AS n FROM ai_decisions WHERE intent_verdict(parsed_intent, correct_intent, user_feedback) IS NOT NULL',
      ),
    );
  }, 180_000);

  it('exports training data to a file and to standard output, filtered, one line per query', async () => {
    // Act
    const file = await aiopsObs(cwd, 'export', 'training', '--out', 'train.jsonl', '--since', 'all');
    const piped = await aiopsObs(cwd, 'export', 'training', '--thumbs-up', '--success');
    // Assess
    expect(file.code).toBe(0);
    expect(file.stderr).toMatch(/^exported \d+ examples \(.* MiB\) to train\.jsonl in /);
    const lines = (await readFile(join(cwd, 'train.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(
      await count(
        "SELECT count(DISTINCT query_hash)::int AS n FROM ai_decisions WHERE correct_intent IS NOT NULL OR user_feedback IS DISTINCT FROM 'thumbs_down'",
      ),
    );
    expect(lines.every((l) => l.messages.length === 3 && JSON.parse(l.messages[2].content).action)).toBe(
      true,
    );
    const up = piped.stdout.trimEnd().split('\n');
    expect(piped.code).toBe(0);
    expect(up).toHaveLength(
      await count(
        "SELECT count(DISTINCT query_hash)::int AS n FROM ai_decisions WHERE user_feedback = 'thumbs_up' AND execution_status = 'success'",
      ),
    );
    expect(up.length).toBeGreaterThan(0);
  }, 120_000);

  it('says what is wrong: an unknown report, a bad value, no running stack', async () => {
    // Act
    const unknown = await aiopsObs(cwd, 'report', 'nope');
    const bad = await aiopsObs(cwd, 'report', 'failures', '--since', 'yesterday');
    const nowhere = await aiopsObs(tmpdir(), 'report', 'hourly');
    const list = await aiopsObs(cwd, 'report');
    // Assess
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no report "nope"; reports: hourly, low-confidence/);
    expect(bad.stderr).toMatch(/--since: "yesterday" is not a time/);
    expect(nowhere.stderr).toMatch(/no database: give --database-url/);
    expect(list.stdout).toContain('intent-agreement');
  }, 60_000);
});
