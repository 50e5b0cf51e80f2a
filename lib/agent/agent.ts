import { EventEmitter } from 'node:events';
import type { HeartbeatEvent } from '#contract/heartbeat';
import { LIMITS } from '#contract/limits';
import { type BufferEntry, HeartbeatBuffer } from './buffer.ts';
import type { AgentConfig } from './config.ts';
import { postHeartbeats } from './https-sender.ts';
import { apiKeyTransportProblem } from './key-transport.ts';
import { type MqttLink, openMqttLink } from './mqtt-link.ts';
import { heartbeatSampler } from './sampler.ts';
import { AGENT_VERSION } from './version.ts';

/** Counters of a running agent. */
export interface AgentStats {
  sampled: number;
  /** Confirmed by the broker (PUBACK). */
  published: number;
  /** Confirmed by `POST /v1/heartbeats`. */
  posted: number;
  /** Refused by the API for good (never retried). */
  rejected: number;
  /** Dropped because the buffer was full. */
  dropped: number;
  /** Waiting in the buffer (in flight included). */
  buffered: number;
  connected: boolean;
}

/** Replaceable parts, for tests and the benchmark. */
export interface AgentDeps {
  /** @default reads this machine */
  readonly sample?: () => Promise<HeartbeatEvent>;
  /** @default stderr */
  readonly log?: (message: string) => void;
}

/** Publishes in flight at once; more wait in the buffer. */
const MAX_IN_FLIGHT = 20;

/**
 * The appliance agent: every `intervalSeconds` it reads the machine into a heartbeat, keeps
 * it in a bounded buffer and sends the buffer, oldest first, over MQTT (QoS 1; an entry
 * leaves on its PUBACK) and, when the broker has been unreachable for `https.afterSeconds`
 * (or there is no broker), over HTTPS. After an outage the buffer is replayed in order on
 * reconnect; a heartbeat sent twice is stored once. Emits `sending` (heartbeat, 'mqtt') as a publish
 * starts and `delivered` (heartbeat, 'mqtt' | 'https') once confirmed.
 * @throws Error when `https.url` would send the API key in clear text (`http://` beyond loopback)
 */
export class ApplianceAgent extends EventEmitter {
  private readonly buffer: HeartbeatBuffer;
  private readonly sample: () => Promise<HeartbeatEvent>;
  private readonly log: (message: string) => void;
  private readonly counts = { sampled: 0, published: 0, posted: 0, rejected: 0 };
  private link?: MqttLink;
  private timer?: NodeJS.Timeout;
  private downSinceMs = Date.now();
  private posting = false;
  private stopped = false;

  constructor(
    readonly config: AgentConfig,
    deps: AgentDeps = {},
  ) {
    super();
    const keyProblem = config.https && apiKeyTransportProblem(config.https.url);
    if (keyProblem) throw new Error(`https.url: ${keyProblem}`);
    this.buffer = new HeartbeatBuffer(config.bufferSize);
    this.log = deps.log ?? ((m) => process.stderr.write(`aiops-agent: ${m}\n`));
    this.sample =
      deps.sample ??
      heartbeatSampler({
        applianceId: config.applianceId,
        agentVersion: AGENT_VERSION,
        services: config.services,
        diskPath: config.diskPath,
        systemctl: config.systemctl,
        onWarning: this.log,
      });
  }

  /** Connects (in the background, retrying) and starts the heartbeat timer; the first heartbeat is taken now. */
  async start(): Promise<void> {
    if (this.config.mqtt) {
      this.link = await openMqttLink(this.config, {
        onConnect: () => {
          this.downSinceMs = 0;
          this.log(`connected to ${this.config.mqtt?.url}`);
          this.flush();
        },
        onClose: () => {
          if (this.downSinceMs === 0) this.downSinceMs = Date.now();
        },
        onError: (e) => this.log(`mqtt: ${e.message}`),
      });
    }
    const loop = async () => {
      await this.tick().catch((e: Error) => this.log(`heartbeat failed: ${e.message}`));
      if (!this.stopped) this.timer = setTimeout(loop, this.config.intervalSeconds * 1000);
    };
    await loop();
  }

  /** Takes one heartbeat now and sends what can be sent. */
  async tick(): Promise<void> {
    const heartbeat = await this.sample();
    this.counts.sampled++;
    this.buffer.push(heartbeat);
    this.flush();
  }

  /** Sends buffered heartbeats over the transport that is up. */
  flush(): void {
    if (this.stopped) return;
    if (this.link?.client.connected) {
      this.publishReady();
      return;
    }
    const https = this.config.https;
    const downForMs = this.downSinceMs === 0 ? 0 : Date.now() - this.downSinceMs;
    if (https && (!this.link || downForMs >= https.afterSeconds * 1000)) void this.postReady();
  }

  stats(): AgentStats {
    return {
      ...this.counts,
      dropped: this.buffer.dropped,
      buffered: this.buffer.size,
      connected: this.link?.client.connected ?? false,
    };
  }

  /** Stops the timer and closes the connection (a `disconnected` presence message first, when on). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.link?.close();
  }

  private publishReady(): void {
    const link = this.link;
    const topic = this.config.topic;
    if (!link || !topic) return;
    for (const entry of this.buffer.ready(MAX_IN_FLIGHT - this.buffer.inFlight)) {
      this.buffer.take(entry);
      this.emit('sending', entry.heartbeat, 'mqtt');
      link.publish(topic, JSON.stringify(entry.heartbeat)).then(
        () => this.settle(entry, 'mqtt'),
        (e: Error) => {
          this.buffer.settle(entry, false);
          this.log(`publish not confirmed (kept for later): ${e.message}`);
        },
      );
    }
  }

  private settle(entry: BufferEntry, via: 'mqtt' | 'https'): void {
    this.buffer.settle(entry, true);
    this.counts[via === 'mqtt' ? 'published' : 'posted']++;
    this.emit('delivered', entry.heartbeat, via);
    this.flush();
  }

  private async postReady(): Promise<void> {
    const https = this.config.https;
    if (this.posting || !https) return;
    if (!this.config.apiKey)
      return this.log('no API key for the HTTPS fallback (https.apiKeyFile or AIOPS_API_KEY)');
    this.posting = true;
    try {
      for (;;) {
        const batch = this.buffer.ready(LIMITS.maxBatchItems);
        if (batch.length === 0 || this.link?.client.connected) return;
        for (const e of batch) this.buffer.take(e);
        const sent = await postHeartbeats(
          https.url,
          this.config.apiKey,
          batch.map((e) => e.heartbeat),
        );
        for (const [i, entry] of batch.entries()) {
          const outcome = sent.outcomes[i];
          if (outcome === 'delivered') {
            this.settle(entry, 'https');
            continue;
          }
          this.buffer.settle(entry, outcome === 'rejected');
          if (outcome === 'rejected') this.counts.rejected++;
        }
        if (sent.error) return this.log(`HTTPS fallback failed (kept for later): ${sent.error}`);
      }
    } finally {
      this.posting = false;
    }
  }
}
