/**
 * Valid contract v1 payloads with realistic content, for any test. Each builder returns a fresh
 * object (new ids, timestamps a little in the past) and takes shallow overrides:
 * `sampleDecision({ confidence: 0.41 })`. Build invalid payloads by spreading:
 * `{ ...sampleDecision(), confidence: 1.5 }`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { decisionSchema, playbookSchema } from '#contract/decision';
import type { executionSchema } from '#contract/execution';
import type { feedbackSchema } from '#contract/feedback';
import type { heartbeatSchema } from '#contract/heartbeat';

export type DecisionInput = z.input<typeof decisionSchema>;
export type PlaybookInput = z.input<typeof playbookSchema>;
export type ExecutionInput = z.input<typeof executionSchema>;
export type FeedbackInput = z.input<typeof feedbackSchema>;
export type HeartbeatInput = z.input<typeof heartbeatSchema>;

/** The appliance every sample refers to unless told otherwise. */
export const SAMPLE_APPLIANCE_ID = 'ucs-primary.office.example';

/**
 * An RFC 3339 UTC timestamp `secondsAgo` before now (default 60 s: inside the clock-skew window).
 * @example isoSecondsAgo(5) // '2026-11-21T10:14:55.123Z'
 */
export function isoSecondsAgo(secondsAgo = 60): string {
  return new Date(Date.now() - secondsAgo * 1000).toISOString();
}

/**
 * A random W3C trace id (32 lower-case hex).
 * @example sampleTraceId() // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function sampleTraceId(): string {
  return randomBytes(16).toString('hex');
}

const DNS_PLAYBOOK = `---
- name: Add A record intranet.office.example
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Ensure the A record exists
      community.general.nsupdate:
        server: 127.0.0.1
        zone: office.example
        record: intranet
        type: A
        value: 192.168.10.25
        ttl: 3600
    - name: Check the zone
      ansible.builtin.command: named-checkzone office.example /var/lib/bind/office.example.zone
      changed_when: false
    - name: Resolve the new name
      ansible.builtin.command: dig +short intranet.office.example @127.0.0.1
      register: answer
      changed_when: false
      failed_when: "'192.168.10.25' not in answer.stdout"
`;

/**
 * A playbook whose `sha256` and `tasksCount` match its YAML.
 * @example samplePlaybook().tasksCount // 3
 */
export function samplePlaybook(yaml = DNS_PLAYBOOK, type = 'dns'): PlaybookInput {
  return {
    type,
    yaml,
    sha256: createHash('sha256').update(yaml).digest('hex'),
    tasksCount: (yaml.match(/^\s+- name:/gm) ?? []).length,
  };
}

/**
 * An operator asking the agent to add a DNS A record, the intent the model understood and the
 * Ansible playbook it generated.
 * @example sampleDecision({ applianceId: 'ucs-branch-02' })
 */
export function sampleDecision(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    schemaVersion: 1,
    decisionId: randomUUID(),
    occurredAt: isoSecondsAgo(120),
    applianceId: SAMPLE_APPLIANCE_ID,
    agent: { name: 'aiops-agent', version: '2.4.1' },
    query: 'Please add an A record intranet.office.example pointing to 192.168.10.25,\nTTL one hour.',
    intent: {
      action: 'dns.add_record',
      parameters: { zone: 'office.example', name: 'intranet', type: 'A', value: '192.168.10.25', ttl: 3600 },
    },
    confidence: 0.93,
    llm: {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 1843,
      outputTokens: 412,
      durationMs: 2315,
      responseId: `msg_${randomBytes(12).toString('hex')}`,
    },
    playbook: samplePlaybook(),
    traceId: sampleTraceId(),
    ...overrides,
  };
}

/**
 * The successful Ansible run of `sampleDecision`'s playbook; counts match the tasks
 * (as in Ansible's recap, `ok` includes the changed tasks).
 * @example sampleExecution({ status: 'timeout' })
 */
export function sampleExecution(overrides: Partial<ExecutionInput> = {}): ExecutionInput {
  return {
    schemaVersion: 1,
    status: 'success',
    startedAt: isoSecondsAgo(90),
    durationSeconds: 4.7,
    changed: true,
    taskCounts: { ok: 3, changed: 1, failed: 0, skipped: 0, unreachable: 0 },
    tasks: [
      { name: 'Ensure the A record exists', status: 'changed', durationSeconds: 1.9 },
      { name: 'Check the zone', status: 'ok', durationSeconds: 0.4 },
      { name: 'Resolve the new name', status: 'ok', durationSeconds: 0.2 },
    ],
    output: [
      'PLAY [Add A record intranet.office.example] ************************************',
      '',
      'TASK [Ensure the A record exists] **********************************************',
      'changed: [localhost]',
      '',
      'PLAY RECAP *********************************************************************',
      'localhost\t: ok=3    changed=1    unreachable=0    failed=0    skipped=0',
    ].join('\n'),
    outputTruncated: false,
    ...overrides,
  };
}

/**
 * A failed run: the zone check refused the change.
 * @example sampleFailedExecution().errors
 */
export function sampleFailedExecution(overrides: Partial<ExecutionInput> = {}): ExecutionInput {
  return sampleExecution({
    status: 'failed',
    changed: false,
    durationSeconds: 2.1,
    taskCounts: { ok: 1, changed: 0, failed: 1, skipped: 1, unreachable: 0 },
    tasks: [
      { name: 'Ensure the A record exists', status: 'ok', durationSeconds: 1.2 },
      { name: 'Check the zone', status: 'failed', durationSeconds: 0.5 },
      { name: 'Resolve the new name', status: 'skipped', durationSeconds: 0 },
    ],
    errors: ['named-checkzone: office.example/IN: bad owner name (check-names)'],
    output: 'TASK [Check the zone] ***\nfatal: [localhost]: FAILED! => {"rc": 1}',
    ...overrides,
  });
}

/**
 * The operator confirming the decision was right.
 * @example sampleFeedback({ rating: 'thumbs_down', comment: 'Wrong zone.' })
 */
export function sampleFeedback(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  return {
    schemaVersion: 1,
    rating: 'thumbs_up',
    comment: 'Record added and resolving.\nThanks!',
    humanVerified: true,
    isTrainingData: true,
    ...overrides,
  };
}

/**
 * An appliance reporting DNS, Samba and mail up and its PKI service down.
 * @example sampleHeartbeat({ cpuPercent: 97.5 })
 */
export function sampleHeartbeat(overrides: Partial<HeartbeatInput> = {}): HeartbeatInput {
  return {
    schemaVersion: 1,
    applianceId: SAMPLE_APPLIANCE_ID,
    sentAt: isoSecondsAgo(30),
    cpuPercent: 12.5,
    memoryPercent: 48.1,
    diskPercent: 63,
    services: { named: 'up', 'samba-ad-dc': 'up', postfix: 'up', dovecot: 'up', 'step-ca': 'down' },
    agentVersion: '2.4.1',
    ...overrides,
  };
}
