import { describe, expect, it } from 'vitest';
import {
  ALARM_SEVERITIES,
  alarmDeployment,
  alarmDescription,
  alarmName,
  alarmSeverity,
  alarmText,
  deploymentMarker,
} from '#domain/alarm-naming';

describe('alarm naming', () => {
  it.each(ALARM_SEVERITIES)(
    'round-trips the %s severity through the name and the description',
    (severity) => {
      // Act
      const name = alarmName('aiops', 'fn-exporter-Fault-Count', severity);
      const description = alarmDescription('aiops', severity, 'exporter: more than 0 errors in 5 minutes');

      // Assess
      expect(name).toBe(`aiops-fn-exporter-Fault-Count-${severity}`);
      expect(description).toBe(`[${severity}] exporter: more than 0 errors in 5 minutes (deployment aiops)`);
      expect(alarmText(description)).toBe('exporter: more than 0 errors in 5 minutes');
      expect(alarmDeployment(description)).toBe('aiops');
      expect(alarmSeverity({ name })).toBe(severity);
      expect(alarmSeverity({ name: 'not-following', description })).toBe(severity);
    },
  );

  it('prefers the name, replaces an existing tag, and finds nothing in foreign alarms', () => {
    // Act
    const retagged = alarmDescription('aiops', 'info', '[critical] disk nearly full (deployment old)');

    // Assess
    expect(retagged).toBe('[info] disk nearly full (deployment aiops)');
    expect(alarmSeverity({ name: 'aiops-api-5xx-critical', description: '[warning] x' })).toBe('critical');
    expect(
      alarmSeverity({ name: 'TargetTracking-table-AlarmHigh-1234', description: 'DO NOT EDIT' }),
    ).toBeUndefined();
    expect(alarmSeverity({ name: 'aiops-criticality-check' })).toBeUndefined();
  });

  it("marks a deployment so that a longer prefix's alarms do not carry its marker", () => {
    // Prepare
    const marker = deploymentMarker('aiops');

    // Act
    const own = alarmDescription('aiops', 'critical', 'api answers 5xx');
    const others = ['aiops-staging', 'x-aiops', 'aiopsx'].map((p) =>
      alarmDescription(p, 'critical', 'api answers 5xx'),
    );

    // Assess
    expect(own.endsWith(marker)).toBe(true);
    for (const other of others) expect(other.endsWith(marker)).toBe(false);
    expect(alarmDeployment('[critical] written by hand')).toBeUndefined();
    expect(alarmText('no tag, no marker ')).toBe('no tag, no marker');
  });
});
