import { certSerial, NAMES } from './names.ts';
import type { TaskSpec } from './playbook.ts';
import type { Rng } from './random.ts';
import type { Scenario, ScenarioDraw } from './scenario-types.ts';

const CA = '/etc/pki/ca';

const certName = (rng: Rng): string => `${rng.pick(NAMES.certHosts)}.${rng.pick(NAMES.mailDomains)}`;

function signTasks(cn: string, sans: readonly string[], days: number, newKey: boolean): TaskSpec[] {
  const key = `${CA}/private/${cn}.key`;
  const csr = `${CA}/requests/${cn}.csr`;
  return [
    ...(newKey
      ? [
          {
            name: `Generate a private key for ${cn}`,
            module: 'community.crypto.openssl_privatekey',
            args: { path: key, type: 'ECC', curve: 'secp384r1', mode: '0600' },
          },
        ]
      : []),
    {
      name: `Create the CSR for ${cn}`,
      module: 'community.crypto.openssl_csr',
      args: {
        path: csr,
        privatekey_path: key,
        common_name: cn,
        subject_alt_name: sans.map((s) => `DNS:${s}`),
      },
      failures: [`Error while reading private key ${key}: [Errno 2] No such file or directory`],
    },
    {
      name: `Sign ${cn} with the issuing CA`,
      module: 'community.crypto.x509_certificate',
      args: {
        path: `${CA}/issued/${cn}.crt`,
        csr_path: csr,
        provider: 'ownca',
        ownca_path: `${CA}/ca.crt`,
        ownca_privatekey_path: `${CA}/private/ca.key`,
        ownca_privatekey_passphrase: '{{ vault_ca_passphrase }}',
        ownca_not_after: `+${days}d`,
        force: true,
      },
      seconds: [0.8, 4],
      failures: ['Error while loading CA private key: Bad decrypt. Incorrect password?'],
    },
    {
      name: `Check the new certificate of ${cn}`,
      module: 'community.crypto.x509_certificate_info',
      args: { path: `${CA}/issued/${cn}.crt`, valid_at: { in_a_month: '+30d' } },
      register: 'cert_info',
      failedWhen: 'not cert_info.valid_at.in_a_month',
      mutates: false,
    },
  ];
}

/** Requests for the small internal CA. */
export const PKI_SCENARIOS: readonly Scenario[] = [
  {
    id: 'pki.renew_certificate',
    type: 'pki',
    roles: ['pki'],
    confusedWith: 'pki.issue_certificate',
    weight: 2,
    draw(rng, t): ScenarioDraw {
      const cn = certName(rng);
      return {
        query: rng.pick([
          `renew the TLS certificate for ${cn}`,
          `the cert of ${cn} expires next week, renew it`,
        ]),
        intent: { action: 'pki.renew_certificate', parameters: { commonName: cn, validityDays: 397 } },
        play: { name: `Renew ${cn}`, hosts: t.applianceId, tasks: signTasks(cn, [cn], 397, false) },
      };
    },
  },
  {
    id: 'pki.issue_certificate',
    type: 'pki',
    roles: ['pki'],
    confusedWith: 'pki.renew_certificate',
    draw(rng, t): ScenarioDraw {
      const cn = certName(rng);
      const san = `${cn.split('.')[0]}2.${cn.split('.').slice(1).join('.')}`;
      const days = rng.pick([90, 365, 397]);
      return {
        query: `issue a certificate for ${cn} valid ${days} days with SAN ${san}`,
        intent: {
          action: 'pki.issue_certificate',
          parameters: { commonName: cn, subjectAltNames: [cn, san], validityDays: days },
        },
        play: { name: `Issue ${cn}`, hosts: t.applianceId, tasks: signTasks(cn, [cn, san], days, true) },
      };
    },
  },
  {
    id: 'pki.revoke_certificate',
    type: 'pki',
    roles: ['pki'],
    confusedWith: 'pki.suspend_certificate',
    weight: 0.7,
    draw(rng, t): ScenarioDraw {
      const serial = certSerial(rng);
      const reason = rng.pick(['keyCompromise', 'superseded', 'cessationOfOperation']);
      const file = `${CA}/newcerts/${serial.replaceAll(':', '')}.pem`;
      return {
        query: rng.pick([
          `revoke the certificate with serial ${serial}, the laptop was stolen`,
          `revoke cert ${serial} and publish a new CRL`,
        ]),
        intent: { action: 'pki.revoke_certificate', parameters: { serial, reason } },
        play: {
          name: `Revoke ${serial}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Revoke ${serial}`,
              module: 'ansible.builtin.command',
              args: `openssl ca -config ${CA}/openssl.cnf -revoke ${file} -crl_reason ${reason} -passin file:/run/pki-ca/passphrase`,
              failures: [`ERROR:Already revoked, serial number ${serial.replaceAll(':', '')}`],
            },
            {
              name: 'Publish a new CRL',
              module: 'ansible.builtin.command',
              args: `openssl ca -config ${CA}/openssl.cnf -gencrl -out /var/www/pki/ca.crl -passin file:/run/pki-ca/passphrase`,
              seconds: [0.4, 2],
            },
          ],
        },
      };
    },
  },
  {
    id: 'pki.unlock_signing_key',
    type: 'pki',
    roles: ['pki'],
    weight: 0.4,
    draw(rng, t): ScenarioDraw {
      const passphrase = rng.pick(NAMES.passwords);
      return {
        query: `pki-ca did not come back after the reboot, unlock the CA signing key, the passphrase is ${passphrase}`,
        intent: { action: 'pki.unlock_signing_key', parameters: { passphrase } },
        secret: true,
        play: {
          name: 'Unlock the CA signing key',
          hosts: t.applianceId,
          tasks: [
            {
              name: 'Provide the key passphrase',
              module: 'ansible.builtin.copy',
              args: { dest: '/run/pki-ca/passphrase', content: passphrase, mode: '0400', owner: 'pki-ca' },
              noLog: true,
            },
            {
              name: 'Start pki-ca',
              module: 'ansible.builtin.systemd_service',
              args: { name: 'pki-ca', state: 'restarted' },
              failures: [
                'Unable to restart service pki-ca: Job for pki-ca.service failed (Result: exit-code).',
              ],
            },
            {
              name: 'Wait for the CA to answer',
              module: 'ansible.builtin.uri',
              args: { url: 'https://127.0.0.1:8443/health', validate_certs: false },
              mutates: false,
              seconds: [0.5, 8],
              failures: [
                'Status code was -1 and not [200]: Request failed: <urlopen error [Errno 111] Connection refused>',
              ],
            },
          ],
        },
      };
    },
  },
];
