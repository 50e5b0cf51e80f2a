import { describe, expect, it } from 'vitest';
import { ALARM_SEVERITIES, alarmDescription, alarmName, alarmSeverity } from '#domain/alarm-naming';

describe('alarm naming', () => {
  it.each(ALARM_SEVERITIES)(
    'round-trips the %s severity through the name and the description',
    (severity) => {
      // Act
      const name = alarmName('aiops', 'fn-exporter-Fault-Count', severity);
      const description = alarmDescription(severity, 'exporter: more than 0 errors in 5 minutes');

      // Assess
      expect(name).toBe(`aiops-fn-exporter-Fault-Count-${severity}`);
      expect(description).toBe(`[${severity}] exporter: more than 0 errors in 5 minutes`);
      expect(alarmSeverity({ name })).toBe(severity);
      expect(alarmSeverity({ name: 'not-following', description })).toBe(severity);
    },
  );

  it('prefers the name, replaces an existing tag, and finds nothing in foreign alarms', () => {
    // Act
    const retagged = alarmDescription('info', '[critical] disk nearly full');

    // Assess
    expect(retagged).toBe('[info] disk nearly full');
    expect(alarmSeverity({ name: 'aiops-api-5xx-critical', description: '[warning] x' })).toBe('critical');
    expect(
      alarmSeverity({ name: 'TargetTracking-table-AlarmHigh-1234', description: 'DO NOT EDIT' }),
    ).toBeUndefined();
    expect(alarmSeverity({ name: 'aiops-criticality-check' })).toBeUndefined();
  });
});
