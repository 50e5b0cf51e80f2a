import { describe, expect, it } from 'vitest';
import { heartbeatTopic, parseApplianceTopic, THING_NAME_PATTERN } from '#contract/fleet';

describe('appliance topics', () => {
  it('round-trips the heartbeat topic of an appliance', () => {
    // Assess
    expect(heartbeatTopic('appl-dns-01')).toBe('aiops/appliances/appl-dns-01/heartbeat');
    expect(parseApplianceTopic(heartbeatTopic('appl-dns-01'))).toEqual({
      applianceId: 'appl-dns-01',
      kind: 'heartbeat',
    });
    expect(parseApplianceTopic('aiops/appliances/a1/presence')).toEqual({
      applianceId: 'a1',
      kind: 'presence',
    });
  });

  it('recognises no other topic', () => {
    // Assess
    for (const t of [
      'aiops/appliances/a1',
      'aiops/appliances/a/b/heartbeat',
      'x/appliances/a1/heartbeat',
      'aiops/appliances//heartbeat',
    ])
      expect(parseApplianceTopic(t)).toBeUndefined();
  });

  it('keeps thing names to the IoT alphabet (no dots)', () => {
    // Assess
    expect(THING_NAME_PATTERN.test('appl-dns_01:a')).toBe(true);
    expect(THING_NAME_PATTERN.test('appl.dns')).toBe(false);
  });
});
