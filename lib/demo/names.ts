import type { Rng } from './random.ts';

/** Pools of realistic names the scenario templates draw from (RFC 2606 domains only). */
export const NAMES = {
  zones: ['example.com', 'office.example.com', 'corp.example.net', 'branch2.example.org', 'lab.example.com'],
  hosts: ['printer', 'nas', 'wiki', 'intranet', 'vpn', 'git', 'backup', 'scanner', 'cam', 'voip', 'grafana'],
  mailDomains: ['example.com', 'example.net', 'shop.example.org'],
  users: [
    'anna',
    'ben',
    'carla',
    'dmitri',
    'emma',
    'farid',
    'giulia',
    'hiro',
    'ines',
    'jonas',
    'kofi',
    'lena',
  ],
  groups: ['accounting', 'marketing', 'hr', 'engineering', 'sales', 'legal', 'support', 'it-ops'],
  shares: ['finance', 'marketing', 'scans', 'projects', 'hr-confidential', 'public', 'backups', 'templates'],
  aliases: ['sales', 'info', 'support', 'billing', 'jobs', 'press', 'security', 'noc'],
  badSenders: ['spam@bad.example', 'offers@promo-blast.example.org', 'no-reply@phish.example.net'],
  badDomains: ['bad.example', 'promo-blast.example.org', 'phish.example.net', 'cheap-meds.example'],
  passwords: ['Hunter2!', 'Summer2026!', 'Welcome#123', 's3cret', 'P@ssw0rd-42', 'Tr0ub4dor&3'],
  relays: ['smtp.provider.example.net', 'relay.isp.example.com', 'mx-out.example.org'],
  certHosts: ['mail', 'www', 'vpn', 'intranet', 'portal', 'ldap', 'radius'],
} as const;

/** A random host label such as `printer3`. */
export const hostLabel = (rng: Rng): string => `${rng.pick(NAMES.hosts)}${rng.int(1, 9)}`;

/** A private IPv4 address in one of the office ranges. */
export const privateIp = (rng: Rng): string =>
  rng.pick([
    `10.0.${rng.int(1, 20)}.${rng.int(2, 250)}`,
    `192.168.${rng.pick([10, 20, 30])}.${rng.int(2, 250)}`,
  ]);

/** A certificate serial in OpenSSL's colon form, e.g. `4F:2A:…`. */
export const certSerial = (rng: Rng): string =>
  Array.from({ length: 8 }, () => rng.hex(2).toUpperCase()).join(':');

/** Two or three distinct users joined for a sentence ("anna, ben and carla"). */
export function someUsers(rng: Rng): string[] {
  return rng.sample(NAMES.users, rng.int(1, 3));
}

/** "anna", "anna and ben", "anna, ben and carla". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
