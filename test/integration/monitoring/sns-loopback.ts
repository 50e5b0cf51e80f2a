/**
 * A loopback stand-in for the SNS Query API (`POST /` form-encoded, `Action=Publish`) as
 * Alertmanager's SNS receiver calls it through `api_url`: records each publish (topic, subject,
 * message, message attributes, the SigV4 `Authorization`) and answers a `PublishResponse`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `Publish` call. */
export interface Published {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly authorization: string;
}

/** A running SNS loopback. */
export interface SnsLoopback {
  readonly url: string;
  readonly published: Published[];
  close(): Promise<void>;
}

/** Starts the loopback on a free port. */
export async function startSnsLoopback(): Promise<SnsLoopback> {
  const published: Published[] = [];
  let id = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('Action') !== 'Publish') {
        res.writeHead(400, { 'content-type': 'text/xml' }).end('<ErrorResponse/>');
        return;
      }
      const attributes: Record<string, string> = {};
      for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
        attributes[form.get(`MessageAttributes.entry.${n}.Name`) ?? ''] =
          form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
      }
      published.push({
        topicArn: form.get('TopicArn') ?? '',
        subject: form.get('Subject') ?? undefined,
        message: form.get('Message') ?? '',
        attributes,
        authorization: String(req.headers.authorization ?? ''),
      });
      id++;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${id}</MessageId></PublishResult>` +
          `<ResponseMetadata><RequestId>r-${id}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
