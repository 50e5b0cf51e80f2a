import { describe, expect, it } from 'vitest';
import { heartbeatBatchSchema, heartbeatSchema } from '#contract/heartbeat';
import { Fleet, type HeartbeatBody, type HeartbeatPayload } from '../../../lib/demo/fleet.ts';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';

const INTERVAL = 10_000;
const START = Date.parse('2026-03-02T08:00:00.000Z');

/** Runs a seeded fleet for `beats` intervals and returns every body each appliance sent (or undefined). */
function simulate(seed: number, size: number, beats: number) {
  const fleet = new Fleet(createRng(seededRandom(seed)), size, INTERVAL);
  const sent = new Map<string, (HeartbeatBody | undefined)[]>(fleet.appliances.map((a) => [a.id, []]));
  for (let b = 0; b < beats; b++) {
    for (const a of fleet.appliances) sent.get(a.id)?.push(fleet.beat(a.id, new Date(START + b * INTERVAL)));
  }
  return { fleet, sent };
}

const heartbeatsOf = (body: HeartbeatBody | undefined): HeartbeatPayload[] =>
  body === undefined ? [] : 'heartbeats' in body ? body.heartbeats : [body];

describe('Fleet', () => {
  // 6 appliances for 24 hours of 10-second beats.
  const { fleet, sent } = simulate(11, 6, 8_640);
  const all = [...sent.values()].flat();
  const heartbeats = all.flatMap(heartbeatsOf);

  it('names appliances after their role', () => {
    expect(fleet.appliances.map((a) => a.id)).toEqual([
      'appl-dns-01',
      'appl-mail-01',
      'appl-samba-01',
      'appl-pki-01',
      'appl-dns-02',
      'appl-mail-02',
    ]);
    expect(fleet.appliances.find((a) => a.role === 'mail')?.services).toEqual([
      'postfix',
      'dovecot',
      'opendkim',
      'sshd',
    ]);
  });

  it('sends heartbeats and buffers that validate against the contract', () => {
    for (const body of all) {
      if (body === undefined) continue;
      if ('heartbeats' in body) {
        expect(heartbeatBatchSchema.safeParse(body).success).toBe(true);
        for (const h of body.heartbeats) expect(heartbeatSchema.safeParse(h).success).toBe(true);
      } else expect(heartbeatSchema.safeParse(body).success).toBe(true);
    }
  });

  it('keeps load within bounds while it wanders', () => {
    // Prepare
    const cpu = heartbeats.filter((h) => h.applianceId === 'appl-dns-01').map((h) => h.cpuPercent);

    // Act
    const steps = cpu.slice(1).map((c, i) => Math.abs(c - (cpu[i] as number)));

    // Assess
    const values = heartbeats.flatMap((h) => [h.cpuPercent, h.memoryPercent, h.diskPercent]);
    expect(values.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(values.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(100);
    expect(new Set(cpu).size).toBeGreaterThan(50);
    expect(steps.filter((s) => s < 15).length / steps.length).toBeGreaterThan(0.95);
  });

  it('keeps services mostly up, with the occasional outage lasting several beats', () => {
    // Prepare
    const states = heartbeats.flatMap((h) => Object.values(h.services));
    const dovecot = (sent.get('appl-mail-01') ?? []).flatMap(heartbeatsOf).map((h) => h.services.dovecot);

    // Act
    const upShare = states.filter((s) => s === 'up').length / states.length;

    // Assess
    expect(upShare).toBeGreaterThan(0.95);
    expect(upShare).toBeLessThan(1);
    expect(dovecot.join('')).toMatch(/(down){3}/);
  });

  it('lets the flaky appliance go silent for a while, then come back (sometimes with its buffer)', () => {
    // Prepare
    const flaky = sent.get('appl-mail-02') ?? [];

    // Act
    const silentBeats = flaky.filter((b) => b === undefined).length;
    const buffers = flaky.filter((b) => b !== undefined && 'heartbeats' in b);

    // Assess
    expect(silentBeats).toBeGreaterThan(6);
    expect(flaky.at(-1)).toBeDefined();
    expect(buffers.length).toBeGreaterThan(0);
    for (const b of buffers) {
      const times = heartbeatsOf(b).map((h) => Date.parse(h.sentAt));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(times.length).toBeLessThanOrEqual(100);
    }
  });

  it('reports itself unreachable while silent', () => {
    // Prepare
    const f = new Fleet(createRng(seededRandom(11)), 6, INTERVAL);
    let silentAt: Date | undefined;

    // Act
    for (let b = 0; b < 8_640 && !silentAt; b++) {
      const at = new Date(START + b * INTERVAL);
      if (f.beat('appl-mail-02', at) === undefined) silentAt = at;
    }

    // Assess
    expect(silentAt).toBeDefined();
    expect(f.isReachable('appl-mail-02', silentAt as Date)).toBe(false);
    expect(f.isReachable('appl-mail-02', new Date((silentAt as Date).getTime() + 25 * INTERVAL))).toBe(true);
  });

  it('is reproducible for a seed', () => {
    expect(simulate(11, 6, 200).sent).toEqual(simulate(11, 6, 200).sent);
  });
});
