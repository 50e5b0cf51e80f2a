import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AlertEvent, AlertLinkSettings } from '#domain/alerts/alert-event';
import { fromAlertmanager } from '#domain/alerts/normalise-alertmanager';
import { fromCloudWatchAlarm } from '#domain/alerts/normalise-cloudwatch';
import { fromAmpSnsMessage, type SnsNotification } from '#domain/alerts/normalise-sns';
import { closeServer, listen, readBody } from '../server-io.ts';
import type { AlertRouter } from './router.ts';

/** The producers the local receiver accepts, by path. */
const NORMALISERS: Record<string, (body: unknown, settings: AlertLinkSettings) => AlertEvent[]> = {
  /** Alertmanager's webhook receiver (`webhook_configs`). */
  '/alertmanager': fromAlertmanager,
  /** An SNS notification of the AMP alertmanager, `{ Message, MessageAttributes }`. */
  '/sns': (body, settings) => fromAmpSnsMessage(body as SnsNotification, settings),
  /** An EventBridge CloudWatch Alarm State Change event. */
  '/cloudwatch': (body, settings) => [fromCloudWatchAlarm(body, settings)].filter((a) => a !== undefined),
};

const MAX_BODY_BYTES = 1024 * 1024;

/** A running local alert receiver. */
export interface RunningAlertServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The local stand-in for SNS → normaliser → alerts bus: `POST /alertmanager` (Alertmanager's
 * webhook), `POST /sns` and `POST /cloudwatch` normalise with the Lambdas' code and hand the
 * events to the router. 200 with the notices sent; 400 when the body is not what the path
 * takes (Alertmanager does not retry 4xx); 503 when a delivery failed (Alertmanager retries).
 */
export async function startAlertServer(options: {
  readonly router: AlertRouter;
  readonly settings: AlertLinkSettings;
  /** @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}): Promise<RunningAlertServer> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((e: Error) => reply(res, 500, { error: e.message }));
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: { router: AlertRouter; settings: AlertLinkSettings },
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] as string;
  if (req.method === 'GET' && path === '/health') return reply(res, 200, { status: 'ok' });
  const normalise = NORMALISERS[path];
  if (req.method !== 'POST' || !normalise)
    return reply(res, 404, { error: `no route ${req.method} ${path}` });
  let events: AlertEvent[];
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) throw new Error(`body over ${MAX_BODY_BYTES} bytes`);
    events = normalise(JSON.parse(body.toString('utf8')), options.settings);
  } catch (e) {
    return reply(res, 400, { error: (e as Error).message });
  }
  try {
    const sent = await options.router(events);
    return reply(res, 200, {
      alerts: events.length,
      notices: sent.map(({ receiver, notice }) => ({
        receiver,
        action: notice.action,
        groupKey: notice.groupKey,
      })),
    });
  } catch (e) {
    process.stderr.write(`alert delivery failed: ${(e as Error).message}\n`);
    return reply(res, 503, { error: (e as Error).message });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
