import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { heartbeatTopic, parseApplianceTopic } from '#contract/fleet';
import { type LocalApplianceRegistry, localPrincipal } from '../../fleet/local-registry.ts';
import { listen } from '../server-io.ts';
import type { LocalRules } from './rules.ts';

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  readonly registry: LocalApplianceRegistry;
  readonly rules: LocalRules;
  /** 0 takes any free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

/** The running broker. */
export interface EmbeddedBroker {
  /** `mqtt://host:port`. */
  readonly url: string;
  /** Publishes and subscriptions refused so far. */
  readonly refusals: { publish: number; subscribe: number; connect: number };
  close(): Promise<void>;
}

const authError = (message: string, returnCode: 4 | 5): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

/**
 * An aedes broker with the IoT policy's rule: a client connects only as a registered
 * appliance, with its own password and its id as client id, and may publish only on its own
 * heartbeat topic, and only while the registration it connected with is the current one
 * (anything else is refused and the client disconnected, as IoT Core does; no
 * subscriptions). Heartbeats go to the heartbeat rule, connects and disconnects to the
 * presence rule, with the broker's clock and the connection's principal (the registration it
 * authenticated with) as IoT Core's rule and lifecycle events carry them.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { registry, rules } = options;
  const refusals = { publish: 0, subscribe: 0, connect: 0 };
  const sessions = new WeakMap<Client, string>();
  const principals = new WeakMap<Client, string>();
  const takenOver = new WeakSet<Client>();
  const timedOut = new WeakSet<Client>();
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const secret = password?.toString('utf8');
      if (!username || username !== client.id || !secret) {
        refusals.connect++;
        return done(authError('connect as your appliance: client id = user name = appliance id', 5), false);
      }
      registry.verify(username, secret).then(
        (entry) => {
          if (!entry) {
            refusals.connect++;
            return done(authError('unknown appliance or wrong password', 4), false);
          }
          const previous = (broker as unknown as { clients: Record<string, Client> }).clients[client.id];
          if (previous && previous !== client) takenOver.add(previous);
          principals.set(client, localPrincipal(entry));
          done(null, true);
        },
        () => done(authError('registry unavailable', 4), false),
      );
    },
    authorizePublish: (client, packet, done) => {
      if (!client || packet.topic !== heartbeatTopic(client.id)) {
        refusals.publish++;
        return done(
          new Error(
            `${client?.id ?? 'the broker'} may publish only on ${heartbeatTopic(client?.id ?? '<own id>')}`,
          ),
        );
      }
      registry.tenantOf(client.id, principals.get(client)).then(
        (tenant) => {
          if (tenant) return done(null);
          refusals.publish++;
          done(new Error(`${client.id} is no longer registered with the credentials it connected with`));
        },
        (e: Error) => done(e),
      );
    },
    authorizeSubscribe: (_client, _subscription, done) => {
      refusals.subscribe++;
      done(null, null); // a failed SUBACK: appliances subscribe to nothing
    },
  });
  // The publish event names the sending connection (a subscription sees only the packet), so
  // the rule gets the principal it authenticated with, as IoT Core's principal() gives it.
  broker.on('publish', (packet, client) => {
    if (!client || parseApplianceTopic(packet.topic)?.kind !== 'heartbeat') return;
    const principal = principals.get(client);
    rules.heartbeat({
      payload: Buffer.from(packet.payload as Buffer).toString('base64'),
      topic: packet.topic,
      clientId: client.id,
      ...(principal ? { principal } : {}),
      receivedAtMs: Date.now(),
    });
  });
  broker.on('clientReady', (client) => {
    const session = randomUUID();
    sessions.set(client, session);
    const principal = principals.get(client);
    rules.presence({
      clientId: client.id,
      timestamp: Date.now(),
      eventType: 'connected',
      sessionIdentifier: session,
      ...(principal ? { principalIdentifier: principal } : {}),
    });
  });
  broker.on('keepaliveTimeout', (client) => timedOut.add(client));
  broker.on('clientDisconnect', (client) => {
    const clientInitiated = (client as unknown as { _disconnected?: boolean })._disconnected === true;
    const reason = takenOver.has(client)
      ? 'DUPLICATE_CLIENTID'
      : timedOut.has(client)
        ? 'MQTT_KEEP_ALIVE_TIMEOUT'
        : clientInitiated
          ? 'CLIENT_INITIATED_DISCONNECT'
          : 'CONNECTION_LOST';
    const session = sessions.get(client);
    const principal = principals.get(client);
    rules.presence({
      clientId: client.id,
      timestamp: Date.now(),
      eventType: 'disconnected',
      disconnectReason: reason,
      ...(session ? { sessionIdentifier: session } : {}),
      ...(principal ? { principalIdentifier: principal } : {}),
    });
  });
  const server = createServer(broker.handle);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `mqtt://${host}:${port}`,
    refusals,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
