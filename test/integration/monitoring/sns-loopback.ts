/**
 * A loopback stand-in for the SNS Query API (`POST /` form-encoded, `Action=Publish`) as
 * Alertmanager's SNS receiver calls it through `api_url`: records each publish (topic, subject,
 * message, message attributes, the SigV4 `Authorization`) and answers a `PublishResponse`.
 */
import { startRecordingServer } from '../../support/recording-server.ts';

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
  const server = await startRecordingServer((_, request) => {
    const form = new URLSearchParams(request.body);
    if (form.get('Action') !== 'Publish') {
      return { status: 400, headers: { 'content-type': 'text/xml' }, body: '<ErrorResponse/>' };
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
      authorization: String(request.headers.authorization ?? ''),
    });
    id++;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${id}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>r-${id}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  });
  return { url: server.url, published, close: server.close };
}
