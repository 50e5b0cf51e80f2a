import { describe, expect, it, vi } from 'vitest';
import { uuid } from '#contract/common';
import { AGENT_OUTPUT_LIMIT, simulateRun } from '../../../lib/demo/execution.ts';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';
import { drawRequest } from '../../../lib/demo/scenarios.ts';
import { Timers } from '../../../lib/demo/timers.ts';
import { toYaml } from '../../../lib/demo/yaml.ts';

describe('seeded random', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    // Prepare
    const a = seededRandom(42);
    const b = seededRandom(42);

    // Act
    const xs = Array.from({ length: 1_000 }, () => a());
    const ys = Array.from({ length: 1_000 }, () => b());

    // Assess
    expect(xs).toEqual(ys);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('derives v4 UUIDs from the seed', () => {
    // Act
    const ids = Array.from({ length: 200 }, () => createRng(seededRandom(7)).uuid());
    const distinct = Array.from({ length: 200 }, createRng(seededRandom(7)).uuid);

    // Assess
    expect(new Set(ids).size).toBe(1);
    expect(new Set(distinct).size).toBe(200);
    for (const id of distinct) {
      expect(uuid.safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe('toYaml', () => {
  it('quotes what YAML would misread and writes multi-line text as a literal block', () => {
    // Act
    const yaml = toYaml([
      {
        name: 'Play',
        hosts: 'appl-dns-01',
        mode: '0644',
        flag: 'yes',
        jinja: '{{ x }}',
        list: ['a b'],
        body: 'l1\nl2\n',
      },
    ]);

    // Assess
    expect(yaml).toBe(
      '---\n- name: Play\n  hosts: appl-dns-01\n  mode: "0644"\n  flag: "yes"\n  jinja: "{{ x }}"\n  list:\n    - a b\n  body: |\n    l1\n    l2\n',
    );
  });
});

describe('simulateRun output', () => {
  it('keeps the end of a long output within the agent limit and says it was cut', () => {
    // Prepare
    const rng = createRng(seededRandom(3));
    const target = {
      applianceId: 'appl-mail-01',
      role: 'mail',
      services: ['postfix', 'dovecot', 'sshd'],
    } as const;

    // Act
    const runs = Array.from({ length: 3_000 }, () =>
      simulateRun(rng, drawRequest(rng, target).play, {
        applianceId: target.applianceId,
        startedAt: new Date(),
      }),
    );
    const cut = runs.filter((r) => r.outputTruncated);

    // Assess
    expect(cut.length).toBeGreaterThan(0);
    for (const r of runs) expect(r.output?.length).toBeLessThanOrEqual(AGENT_OUTPUT_LIMIT);
    for (const r of cut) expect(r.output).toMatch(/PLAY RECAP \*+\nappl-mail-01 +: ok=\d+/);
    for (const r of runs.filter((x) => x.status !== 'timeout')) expect(r.output).toContain('PLAY RECAP');
  });
});

describe('Timers', () => {
  it('clears every pending timer and resolves sleeps when the signal aborts', async () => {
    // Prepare
    vi.useFakeTimers();
    const stop = new AbortController();
    const timers = new Timers(stop.signal);
    const fired = vi.fn();
    timers.after(1_000, fired);
    timers.after(5_000, fired);
    const slept = timers.sleep(60_000);

    // Act
    stop.abort();
    await slept;
    timers.after(10, fired);
    vi.advanceTimersByTime(120_000);
    vi.useRealTimers();

    // Assess
    expect(fired).not.toHaveBeenCalled();
    expect(timers.pending).toBe(0);
  });
});
