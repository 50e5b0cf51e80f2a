import { listText, NAMES, someUsers } from './names.ts';
import type { TaskSpec } from './playbook.ts';
import type { Scenario, ScenarioDraw } from './scenario-types.ts';

const postmap = (map: string, when: string): TaskSpec => ({
  name: `Rebuild ${map}.db`,
  module: 'ansible.builtin.command',
  args: `postmap hash:${map}`,
  when,
  seconds: [0.1, 0.8],
  failures: [`postmap: fatal: open ${map}: No such file or directory`],
});

const reloadPostfix = (when: string): TaskSpec => ({
  name: 'Reload postfix',
  module: 'ansible.builtin.systemd_service',
  args: { name: 'postfix', state: 'reloaded' },
  when,
  failures: ['Unable to reload service postfix: Job for postfix.service canceled.'],
});

/** Mail requests for the postfix/dovecot appliances. */
export const MAIL_SCENARIOS: readonly Scenario[] = [
  {
    id: 'mail.add_alias',
    type: 'mail',
    roles: ['mail'],
    confusedWith: 'mail.create_mailbox',
    weight: 2,
    draw(rng, t): ScenarioDraw {
      const domain = rng.pick(NAMES.mailDomains);
      const alias = `${rng.pick(NAMES.aliases)}@${domain}`;
      const users = someUsers(rng);
      const recipients = users.map((u) => `${u}@${domain}`);
      return {
        query: rng.pick([
          `add mail alias ${alias.split('@')[0]}@ -> ${users.join(', ')}`,
          `make ${alias} go to ${listText(users)}`,
        ]),
        intent: { action: 'mail.add_alias', parameters: { alias, recipients } },
        play: {
          name: `Add alias ${alias}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Map ${alias} to ${recipients.join(', ')}`,
              module: 'ansible.builtin.lineinfile',
              args: {
                path: '/etc/postfix/virtual',
                regexp: `^${alias}\\s`,
                line: `${alias} ${recipients.join(',')}`,
              },
              register: 'virtual',
            },
            postmap('/etc/postfix/virtual', 'virtual is changed'),
            reloadPostfix('virtual is changed'),
          ],
        },
      };
    },
  },
  {
    id: 'mail.block_sender',
    type: 'mail',
    roles: ['mail'],
    confusedWith: 'mail.quarantine_sender',
    weight: 2,
    draw(rng, t): ScenarioDraw {
      const whole = rng.chance(0.4);
      const sender = whole ? rng.pick(NAMES.badDomains) : rng.pick(NAMES.badSenders);
      return {
        query: whole ? `block all mail from ${sender}` : `block sender ${sender}`,
        intent: { action: 'mail.block_sender', parameters: { [whole ? 'domain' : 'sender']: sender } },
        play: {
          name: `Block ${sender}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Reject mail from ${sender}`,
              module: 'ansible.builtin.lineinfile',
              args: {
                path: '/etc/postfix/sender_access',
                line: `${sender} REJECT blocked by operator request`,
              },
              register: 'sender_access',
            },
            postmap('/etc/postfix/sender_access', 'sender_access is changed'),
            reloadPostfix('sender_access is changed'),
          ],
        },
      };
    },
  },
  {
    id: 'mail.create_mailbox',
    type: 'mail',
    roles: ['mail'],
    confusedWith: 'mail.add_alias',
    draw(rng, t): ScenarioDraw {
      const address = `${rng.pick(NAMES.users)}.${rng.pick(['doe', 'meyer', 'rossi', 'tanaka'])}@${rng.pick(NAMES.mailDomains)}`;
      const quotaGb = rng.pick([1, 2, 5, 10]);
      const [local, domain] = address.split('@') as [string, string];
      return {
        query: `create a mailbox for ${address} with ${quotaGb} GB quota`,
        intent: { action: 'mail.create_mailbox', parameters: { address, quotaGb } },
        play: {
          name: `Create mailbox ${address}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Create the Maildir of ${address}`,
              module: 'ansible.builtin.file',
              args: {
                path: `/var/vmail/${domain}/${local}`,
                state: 'directory',
                owner: 'vmail',
                mode: '0700',
              },
            },
            {
              name: `Add ${address} to the dovecot users`,
              module: 'ansible.builtin.lineinfile',
              args: {
                path: '/etc/dovecot/users',
                regexp: `^${address}:`,
                line: `${address}:{BLF-CRYPT}!:5000:5000::/var/vmail/${domain}/${local}::userdb_quota_rule=*:storage=${quotaGb}G`,
              },
            },
            {
              name: 'Recalculate the quota',
              module: 'ansible.builtin.command',
              args: `doveadm quota recalc -u ${address}`,
              failures: [`doveadm(${address}): Error: User doesn't exist`],
            },
          ],
        },
      };
    },
  },
  {
    id: 'mail.set_relayhost',
    type: 'mail',
    roles: ['mail'],
    weight: 0.6,
    draw(rng, t): ScenarioDraw {
      const relay = rng.pick(NAMES.relays);
      const username = `relay@${rng.pick(NAMES.mailDomains)}`;
      const password = rng.pick(NAMES.passwords);
      return {
        query: `configure postfix to relay through ${relay}:587 with user ${username} password=${password}`,
        intent: {
          action: 'mail.set_relayhost',
          parameters: { relayhost: relay, port: 587, username, password },
        },
        secret: true,
        play: {
          name: `Relay outgoing mail through ${relay}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: 'Write the SASL credentials',
              module: 'ansible.builtin.copy',
              args: {
                dest: '/etc/postfix/sasl_passwd',
                content: `[${relay}]:587 ${username}:${password}\n`,
                mode: '0600',
              },
              noLog: true,
            },
            postmap('/etc/postfix/sasl_passwd', 'true'),
            {
              name: `Set relayhost to [${relay}]:587`,
              module: 'ansible.builtin.command',
              args: `postconf -e relayhost=[${relay}]:587 smtp_sasl_auth_enable=yes smtp_sasl_password_maps=hash:/etc/postfix/sasl_passwd smtp_tls_security_level=encrypt`,
            },
            reloadPostfix('true'),
          ],
        },
      };
    },
  },
  {
    id: 'mail.set_webmail_db_password',
    type: 'mail',
    roles: ['mail'],
    weight: 0.5,
    draw(rng, t): ScenarioDraw {
      const password = rng.pick(NAMES.passwords);
      const dsn = `$config['db_dsnw'] = 'mysql://roundcube:${password}@localhost/roundcube';`;
      return {
        query: `update the roundcube db credentials: mysql password=${password}`,
        intent: { action: 'mail.set_webmail_db_password', parameters: { database: 'roundcube', password } },
        secret: true,
        play: {
          name: 'Rotate the Roundcube database password',
          hosts: t.applianceId,
          tasks: [
            {
              name: 'Set the roundcube MySQL password',
              module: 'community.mysql.mysql_user',
              args: {
                name: 'roundcube',
                host: 'localhost',
                password,
                login_unix_socket: '/run/mysqld/mysqld.sock',
              },
              noLog: true,
              failures: ['unable to connect to database, check login_user and login_password are correct'],
            },
            {
              name: 'Point Roundcube at the new password',
              module: 'ansible.builtin.lineinfile',
              args: { path: '/etc/roundcube/config.inc.php', regexp: "^\\$config\\['db_dsnw'\\]", line: dsn },
            },
          ],
        },
      };
    },
  },
  {
    id: 'mail.flush_queue',
    type: 'mail',
    roles: ['mail'],
    confusedWith: 'mail.purge_queue',
    draw(rng, t): ScenarioDraw {
      return {
        query: rng.pick([
          'flush the postfix queue',
          'retry the deferred mail now',
          'mail is stuck, flush the queue',
        ]),
        intent: { action: 'mail.flush_queue', parameters: {} },
        play: {
          name: 'Flush the mail queue',
          hosts: t.applianceId,
          tasks: [
            { name: 'Flush the deferred queue', module: 'ansible.builtin.command', args: 'postqueue -f' },
            {
              name: 'Show what is left',
              module: 'ansible.builtin.command',
              args: 'postqueue -p',
              changedWhen: false,
              mutates: false,
            },
          ],
        },
      };
    },
  },
];
