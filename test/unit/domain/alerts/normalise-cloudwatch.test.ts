import { describe, expect, it } from 'vitest';
import { alertEventSchema } from '#domain/alerts/alert-event';
import { fromCloudWatchAlarm } from '#domain/alerts/normalise-cloudwatch';
import { cloudWatchAlarmEvent } from '../../../support/alert-samples.ts';

describe('fromCloudWatchAlarm', () => {
  it('turns ALARM into firing and OK into resolved, with one dedup key per alarm', () => {
    // Act
    const firing = fromCloudWatchAlarm(cloudWatchAlarmEvent('ALARM'), { grafanaUrl: 'https://g.example' });
    const resolved = fromCloudWatchAlarm(cloudWatchAlarmEvent('OK'));

    // Assess
    expect(alertEventSchema.parse(firing)).toEqual(firing);
    expect(firing).toMatchObject({
      source: 'cloudwatch',
      name: 'aiops-api-5xx-critical',
      severity: 'critical',
      state: 'firing',
      summary: 'api: more than 5% 5xx in 5 minutes',
      description: expect.stringMatching(/^Threshold Crossed/),
      labels: {
        alarm_name: 'aiops-api-5xx-critical',
        region: 'eu-west-1',
        account: '123456789012',
        deployment: 'aiops',
      },
      links: {
        dashboard: 'https://g.example/d/aiops-system-overview',
        source:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/aiops-api-5xx-critical',
      },
      startsAt: '2026-11-21T18:10:00.000Z',
    });
    expect(resolved).toMatchObject({
      state: 'resolved',
      startsAt: '2026-11-21T18:00:00.000Z',
      endsAt: '2026-11-21T18:10:00.000Z',
    });
    expect(resolved?.dedupKey).toBe(firing?.dedupKey);
  });

  it('ignores INSUFFICIENT_DATA and takes severity from the description when the name has none', () => {
    expect(fromCloudWatchAlarm(cloudWatchAlarmEvent('INSUFFICIENT_DATA'))).toBeUndefined();
    expect(fromCloudWatchAlarm(cloudWatchAlarmEvent('ALARM', 'aiops-disk', '[info] disk'))?.severity).toBe(
      'info',
    );
    const foreign = fromCloudWatchAlarm(cloudWatchAlarmEvent('ALARM', 'other-alarm', 'no tag'));
    expect(foreign?.severity).toBe('warning');
    expect(foreign?.summary).toBe('no tag');
    expect(foreign?.labels).not.toHaveProperty('deployment');
  });

  it('rejects other events with the field at fault', () => {
    expect(() => fromCloudWatchAlarm({ ...cloudWatchAlarmEvent('OK'), source: 'aws.ec2' })).toThrow(
      /not a CloudWatch alarm state change: source/,
    );
  });
});
