import { buildPlaybook, type Playbook } from './playbook.ts';
import type { Rng } from './random.ts';
import type { Role, Scenario, ScenarioDraw, ScenarioTarget } from './scenario-types.ts';
import { DNS_SCENARIOS } from './scenarios-dns.ts';
import { MAIL_SCENARIOS } from './scenarios-mail.ts';
import { PKI_SCENARIOS } from './scenarios-pki.ts';
import { SAMBA_SCENARIOS } from './scenarios-samba.ts';
import { SERVICE_SCENARIOS } from './scenarios-service.ts';

export type { Intent, Role, Scenario, ScenarioDraw, ScenarioTarget } from './scenario-types.ts';

/**
 * Every request template of the demo: DNS (bind9), Samba, Mail (postfix/dovecot), PKI (a
 * small internal CA) and service lifecycle. A few carry a pasted secret so redaction shows.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...DNS_SCENARIOS,
  ...SAMBA_SCENARIOS,
  ...MAIL_SCENARIOS,
  ...PKI_SCENARIOS,
  ...SERVICE_SCENARIOS,
];

/** One operator request, drawn and turned into a playbook for one appliance. */
export interface DrawnRequest extends ScenarioDraw {
  readonly scenario: Scenario;
  readonly playbook: Playbook;
}

/** The scenarios that can be aimed at an appliance of a role. */
export const scenariosFor = (role: Role): readonly Scenario[] =>
  SCENARIOS.filter((s) => s.roles.includes(role));

/**
 * Draws a request that fits the target appliance (weighted by each scenario's `weight`)
 * and renders its playbook.
 * @example
 * const req = drawRequest(createRng(seededRandom(1)), { applianceId: 'appl-dns-01', role: 'dns', services: ['bind9', 'sshd'] });
 * req.intent.action; // e.g. 'dns.add_record'
 */
export function drawRequest(rng: Rng, target: ScenarioTarget, scenario?: Scenario): DrawnRequest {
  const chosen = scenario ?? rng.weighted(scenariosFor(target.role).map((s) => [s, s.weight ?? 1] as const));
  const draw = chosen.draw(rng, target);
  return { ...draw, scenario: chosen, playbook: buildPlaybook(chosen.type, draw.play) };
}
