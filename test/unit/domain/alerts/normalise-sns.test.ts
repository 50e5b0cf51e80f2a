import { describe, expect, it } from 'vitest';
import { goQuotedToJson } from '#domain/alerts/go-quoted';
import { fromAmpSnsMessage } from '#domain/alerts/normalise-sns';

/** What AWS's documented JSON template for the AMP SNS receiver renders (Go time format, raw newlines). */
const ampMessage = (description: string) =>
  `{"receiver": "critical","status": "firing","alerts": [{"status": "firing","labels": {"alertname": "ApplianceServiceDown", "appliance_id": "appl-1", "service": "dns", "severity": "critical"},"annotations": {"description": "${description}", "summary": "dns down"},"startsAt": "2026-11-21 18:00:00.5 +0000 UTC","endsAt": "0001-01-01 00:00:00 +0000 UTC","generatorURL": "https://aps-workspaces.eu-west-1.amazonaws.com/graph","fingerprint": "1a30ba71cca2921f"}],"groupLabels": {"alertname": "ApplianceServiceDown"},"commonLabels": {"alertname": "ApplianceServiceDown"},"commonAnnotations": {},"externalURL": "https://aps.example"}`;

describe('fromAmpSnsMessage', () => {
  it('reads the JSON an AMP template renders, Go timestamps and multi-line descriptions included', () => {
    // Act
    const [event] = fromAmpSnsMessage({ Message: ampMessage('line one\nline two') }, {});

    // Assess
    expect(event).toMatchObject({
      source: 'prometheus',
      severity: 'critical',
      state: 'firing',
      summary: 'dns down',
      description: 'line one\nline two',
      startsAt: '2026-11-21T18:00:00.500Z',
    });
  });

  it('sends a message SNS truncated, or one that is not JSON, to the dead letters with the reason', () => {
    // Prepare
    const truncated = {
      Message: ampMessage('x').slice(0, 100),
      MessageAttributes: {
        truncated: { Value: 'true' },
        modified: { Value: 'Message: Error - Message has been truncated from 300KB' },
      },
    };

    // Act / Assess
    expect(() => fromAmpSnsMessage(truncated, {})).toThrow(/truncated by SNS \(Message: Error/);
    expect(() => fromAmpSnsMessage({ Message: 'Alertname: x\nSeverity: critical' }, {})).toThrow(
      /not JSON .*template that renders the notification as JSON/,
    );
    expect(() => fromAmpSnsMessage({ Message: ampMessage('say "hi"') }, {})).toThrow(/not JSON/);
  });
});

describe('goQuotedToJson', () => {
  it('turns the escapes of Go’s %q that JSON lacks into \\u escapes and keeps the rest', () => {
    // Prepare: what printf "%q" writes for "a\x01b", a bell, a vertical tab, an escaped backslash before x, U+1F600 as \U
    const go = String.raw`["a\x01b","\a\v","C:\\xyz","\U0001f600","tab\tquote\"é"]`;

    // Act
    const parsed = JSON.parse(goQuotedToJson(go));

    // Assess
    expect(parsed).toEqual(['a\u0001b', '\u0007\u000b', 'C:\\xyz', '😀', 'tab\tquote"é']);
    expect(goQuotedToJson('{"raw":"line\nbreak"}')).toBe('{"raw":"line\\u000abreak"}');
  });
});
