import { hostLabel, NAMES, privateIp } from './names.ts';
import type { TaskSpec } from './playbook.ts';
import type { Rng } from './random.ts';
import type { Scenario, ScenarioDraw } from './scenario-types.ts';

const TSIG = {
  server: '127.0.0.1',
  key_name: 'ddns-key',
  key_algorithm: 'hmac-sha256',
  key_secret: '{{ vault_ddns_key_secret }}',
} as const;

const NSUPDATE_FAILURES = [
  'DNS update failed: REFUSED',
  'TSIG error with server: tsig verify failure',
  'DNS update failed: NOTAUTH (server is not authoritative for the zone)',
];

function nsupdate(name: string, args: Record<string, string | number>): TaskSpec {
  return {
    name,
    module: 'community.general.nsupdate',
    args: { ...TSIG, ...args },
    register: 'nsupdate_result',
    seconds: [0.4, 1.8],
    failures: NSUPDATE_FAILURES,
  };
}

function verify(fqdn: string, type: string, expect: string | undefined): TaskSpec {
  return {
    name: `Verify ${fqdn} ${expect === undefined ? 'no longer resolves' : `resolves to ${expect}`}`,
    module: 'ansible.builtin.command',
    args: `dig +short @127.0.0.1 ${fqdn} ${type}`,
    register: 'dig_result',
    changedWhen: false,
    failedWhen: expect === undefined ? "dig_result.stdout != ''" : `'${expect}' not in dig_result.stdout`,
    mutates: false,
    seconds: [0.1, 0.6],
    failures: [
      `The conditional check '${expect ?? 'empty answer'}' failed. The error was: dig returned SERVFAIL`,
    ],
  };
}

const record = (rng: Rng) => {
  const zone = rng.pick(NAMES.zones);
  const label = hostLabel(rng);
  return { zone, label, fqdn: `${label}.${zone}` };
};

/** DNS requests for the bind9 appliances, applied with nsupdate over TSIG. */
export const DNS_SCENARIOS: readonly Scenario[] = [
  {
    id: 'dns.add_a_record',
    type: 'dns',
    roles: ['dns'],
    confusedWith: 'dns.update_record',
    weight: 3,
    draw(rng, t): ScenarioDraw {
      const { zone, label, fqdn } = record(rng);
      const ip = privateIp(rng);
      const query = rng.pick([
        `add an A record for ${fqdn} pointing to ${ip}`,
        `please create a DNS entry ${fqdn} -> ${ip}`,
        `${label} needs an A record in ${zone}, IP is ${ip}`,
      ]);
      return {
        query,
        intent: {
          action: 'dns.add_record',
          parameters: { zone, name: label, type: 'A', value: ip, ttl: 3600 },
        },
        play: {
          name: `Add A record ${fqdn}`,
          hosts: t.applianceId,
          tasks: [
            nsupdate(`Add A record ${fqdn} -> ${ip}`, {
              zone,
              record: label,
              type: 'A',
              value: ip,
              ttl: 3600,
            }),
            verify(fqdn, 'A', ip),
          ],
        },
      };
    },
  },
  {
    id: 'dns.add_cname',
    type: 'dns',
    roles: ['dns'],
    confusedWith: 'dns.update_record',
    draw(rng, t): ScenarioDraw {
      const { zone, label } = record(rng);
      const alias = rng.pick(['wiki', 'docs', 'files', 'status', 'helpdesk']);
      const target = `${label}.${zone}.`;
      return {
        query: rng.pick([
          `create a CNAME ${alias}.${zone} -> ${label}.${zone}`,
          `make ${alias}.${zone} an alias of ${label}`,
        ]),
        intent: { action: 'dns.add_record', parameters: { zone, name: alias, type: 'CNAME', value: target } },
        play: {
          name: `Add CNAME ${alias}.${zone}`,
          hosts: t.applianceId,
          tasks: [
            nsupdate(`Add CNAME ${alias} -> ${target}`, {
              zone,
              record: alias,
              type: 'CNAME',
              value: target,
            }),
            verify(`${alias}.${zone}`, 'CNAME', target),
          ],
        },
      };
    },
  },
  {
    id: 'dns.delete_record',
    type: 'dns',
    roles: ['dns'],
    confusedWith: 'dns.delete_zone',
    draw(rng, t): ScenarioDraw {
      const { zone, label, fqdn } = record(rng);
      return {
        query: rng.pick([
          `remove the DNS record for ${fqdn}`,
          `delete ${fqdn} from DNS, the box was decommissioned`,
        ]),
        intent: { action: 'dns.delete_record', parameters: { zone, name: label, type: 'A' } },
        play: {
          name: `Remove ${fqdn}`,
          hosts: t.applianceId,
          tasks: [
            nsupdate(`Remove A record ${fqdn}`, { zone, record: label, type: 'A', state: 'absent' }),
            verify(fqdn, 'A', undefined),
          ],
        },
      };
    },
  },
  {
    id: 'dns.set_ttl',
    type: 'dns',
    roles: ['dns'],
    confusedWith: 'dns.set_zone_default_ttl',
    draw(rng, t): ScenarioDraw {
      const { zone, label, fqdn } = record(rng);
      const ttl = rng.pick([60, 300, 600, 86_400]);
      return {
        query: `lower the TTL of ${fqdn} to ${ttl} seconds before the migration`,
        intent: { action: 'dns.update_record', parameters: { zone, name: label, type: 'A', ttl } },
        play: {
          name: `Set TTL of ${fqdn} to ${ttl}`,
          hosts: t.applianceId,
          tasks: [
            {
              ...verify(fqdn, 'A', undefined),
              name: `Read the current address of ${fqdn}`,
              failedWhen: undefined,
            },
            nsupdate(`Set TTL ${ttl} on ${fqdn}`, {
              zone,
              record: label,
              type: 'A',
              value: '{{ dig_result.stdout_lines | first }}',
              ttl,
            }),
          ],
        },
      };
    },
  },
  {
    id: 'dns.add_reverse_zone',
    type: 'dns',
    roles: ['dns'],
    confusedWith: 'dns.add_record',
    weight: 0.5,
    draw(rng, t): ScenarioDraw {
      const net = `10.0.${rng.int(21, 60)}`;
      const zone = `${net.split('.').reverse().join('.')}.in-addr.arpa`;
      const file = `/etc/bind/zones/db.${net}`;
      const soa = `$TTL 3600\n@ IN SOA ns1.example.com. hostmaster.example.com. (\n    ${rng.int(2026010101, 2026123199)} 3600 900 1209600 300 )\n@ IN NS ns1.example.com.\n`;
      return {
        query: `add a reverse zone for ${net}.0/24`,
        intent: { action: 'dns.add_zone', parameters: { zone, kind: 'reverse', network: `${net}.0/24` } },
        play: {
          name: `Add reverse zone ${zone}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Write zone file ${file}`,
              module: 'ansible.builtin.copy',
              args: { dest: file, content: soa, owner: 'bind', group: 'bind', mode: '0644' },
            },
            {
              name: `Declare ${zone} in named.conf.local`,
              module: 'ansible.builtin.blockinfile',
              args: {
                path: '/etc/bind/named.conf.local',
                marker: `// {mark} ANSIBLE MANAGED ZONE ${zone}`,
                block: `zone "${zone}" {\n  type master;\n  file "${file}";\n  allow-update { key ddns-key; };\n};\n`,
              },
            },
            {
              name: 'Check the configuration',
              module: 'ansible.builtin.command',
              args: 'named-checkconf -z',
              changedWhen: false,
              mutates: false,
              seconds: [0.5, 3],
              failures: [`/etc/bind/named.conf.local:31: zone '${zone}': already exists previous definition`],
            },
            {
              name: 'Reload bind',
              module: 'ansible.builtin.command',
              args: 'rndc reconfig',
              seconds: [0.2, 1.2],
            },
          ],
        },
      };
    },
  },
];
