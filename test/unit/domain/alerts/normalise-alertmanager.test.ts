import { describe, expect, it } from 'vitest';
import { alertEventSchema } from '#domain/alerts/alert-event';
import { fromAlertmanager, severityOf } from '#domain/alerts/normalise-alertmanager';
import { alertmanagerPayload } from '../../../support/alert-samples.ts';

const settings = {
  runbookBaseUrl: 'https://git.example/aiops/blob/main',
  grafanaUrl: 'https://grafana.example/',
  traceUrlTemplate: 'https://console.example/xray/traces/{traceId}',
};

describe('fromAlertmanager', () => {
  it('turns each alert of a webhook payload into one valid alert event with absolute links', () => {
    // Prepare
    const payload = alertmanagerPayload('firing');

    // Act
    const [event, ...rest] = fromAlertmanager(payload, settings);

    // Assess
    expect(rest).toEqual([]);
    expect(alertEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      source: 'prometheus',
      name: 'ApplianceServiceDown',
      severity: 'critical',
      state: 'firing',
      summary: 'Service dns is down on appl-dns-01',
      runbook: 'https://git.example/aiops/blob/main/runbooks/service-down.md',
      links: {
        dashboard: 'https://grafana.example/d/aiops-appliance-health',
        source: 'http://prometheus.example:9090/graph?g0.expr=aiops_appliance_service_up+%3D%3D+0',
      },
      startsAt: '2026-11-21T18:00:00.123Z',
    });
    expect(event?.endsAt).toBeUndefined();
    expect(event?.dedupKey).toMatch(/^prometheus\/ApplianceServiceDown\/[0-9a-f]{16}$/);
  });

  it('gives firing and resolved of one alert the same dedup key, whatever the label order', () => {
    // Prepare
    const firing = alertmanagerPayload('firing');
    const resolved = alertmanagerPayload('resolved');
    const [alert] = resolved.alerts;
    if (alert)
      alert.labels = Object.fromEntries(Object.entries(alert.labels).reverse()) as typeof alert.labels;

    // Act
    const [a] = fromAlertmanager(firing, settings);
    const [b] = fromAlertmanager(resolved, settings);
    const [other] = fromAlertmanager(
      alertmanagerPayload('firing', { labels: { service: 'mail' } }),
      settings,
    );

    // Assess
    expect(b?.dedupKey).toBe(a?.dedupKey);
    expect(b).toMatchObject({ state: 'resolved', endsAt: '2026-11-21T18:05:00.000Z' });
    expect(other?.dedupKey).not.toBe(a?.dedupKey);
  });

  it('links the trace named by a trace_id annotation and leaves out links it has no base for', () => {
    // Prepare
    const payload = alertmanagerPayload('firing', {
      annotations: { trace_id: '1-5759e988-bd862e3fe1be46a994272793', runbook_url: 'runbooks/x.md' },
    });

    // Act
    const [linked] = fromAlertmanager(payload, settings);
    const [bare] = fromAlertmanager(payload, {});

    // Assess
    expect(linked?.links.trace).toBe(
      'https://console.example/xray/traces/1-5759e988-bd862e3fe1be46a994272793',
    );
    expect(bare?.runbook).toBeUndefined();
    expect(bare?.links).toEqual({ source: expect.stringMatching(/^http:\/\/prometheus/) });
    expect(alertEventSchema.safeParse(bare).success).toBe(true);
  });

  it('reads severities by the convention and sends unknown ones to warning', () => {
    expect(['critical', 'WARNING', 'info', 'page', 'error', undefined, 'x'].map(severityOf)).toEqual([
      'critical',
      'warning',
      'info',
      'critical',
      'warning',
      'warning',
      'warning',
    ]);
  });

  it('rejects what is not an Alertmanager notification with the field at fault', () => {
    expect(() => fromAlertmanager({ status: 'firing', receiver: 'r', alerts: [] }, settings)).toThrow(
      /not an Alertmanager notification: alerts: /,
    );
    expect(() =>
      fromAlertmanager(
        { ...alertmanagerPayload(), alerts: [{ status: 'pending', startsAt: 'x' }] },
        settings,
      ),
    ).toThrow(/alerts\.0\.status/);
    expect(() =>
      fromAlertmanager(
        { ...alertmanagerPayload(), alerts: [{ ...alertmanagerPayload().alerts[0], startsAt: 'yesterday' }] },
        settings,
      ),
    ).toThrow(/not a timestamp/);
  });
});
