import type * as z from 'zod';
import type { intentSchema } from '#contract/intent';
import type { PlaybookType, PlaySpec } from './playbook.ts';
import type { Rng } from './random.ts';

/** What an appliance is for; it decides its services and the requests aimed at it. */
export type Role = 'dns' | 'samba' | 'mail' | 'pki';

/** The intent as the contract carries it. */
export type Intent = z.input<typeof intentSchema>;

/** The appliance a request is aimed at. */
export interface ScenarioTarget {
  readonly applianceId: string;
  readonly role: Role;
  /** Its systemd services, e.g. `['postfix', 'dovecot', 'sshd']`. */
  readonly services: readonly string[];
}

/** One drawn request: the operator's words, what they mean and the play that does it. */
export interface ScenarioDraw {
  readonly query: string;
  readonly intent: Intent;
  readonly play: PlaySpec;
  /** True when the operator pasted a secret into the request (the API should redact it). */
  readonly secret?: boolean;
}

/** A request template with randomised parameters. */
export interface Scenario {
  /** Stable name, e.g. `dns.add_a_record`. */
  readonly id: string;
  readonly type: PlaybookType;
  /** Appliance roles the request can be aimed at. */
  readonly roles: readonly Role[];
  /** The action a doubtful model picks instead of the right one (for low-confidence misreads). */
  readonly confusedWith?: string;
  /** Relative frequency among the scenarios that fit an appliance. @default 1 */
  readonly weight?: number;
  draw(rng: Rng, target: ScenarioTarget): ScenarioDraw;
}

/** Services that are not worth an operator's request (never restarted by the demo). */
export const INFRA_SERVICES: readonly string[] = ['sshd', 'chronyd'];
