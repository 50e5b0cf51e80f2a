/**
 * A loopback stand-in for the AWS IoT control plane (REST-JSON, as `@aws-sdk/client-iot`
 * speaks it): records every request and answers the calls the fleet makes from a small
 * in-memory registry of things, certificates and policy attachments. Only for what cannot
 * run here; the SDK client, its serialisation and signing are the real ones.
 */
import type { IncomingMessage } from 'node:http';
import { startRecordingServer } from './recording-server.ts';

/** One recorded request. */
export interface RecordedRequest {
  readonly method: string;
  /** Path with the query string, decoded. */
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** The running stand-in. */
export interface FakeIot {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly things: Map<string, { attributes: Record<string, string>; principals: Set<string> }>;
  readonly certificates: Map<string, { status: string; policies: Set<string> }>;
  /** Makes the next call matching `method path-prefix` fail with this AWS error. */
  failNext(method: string, pathPrefix: string, errorType: string, status?: number): void;
  close(): Promise<void>;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export async function startFakeIot(policies: readonly string[] = ['aiops-appliance']): Promise<FakeIot> {
  const requests: RecordedRequest[] = [];
  const things: FakeIot['things'] = new Map();
  const certificates: FakeIot['certificates'] = new Map();
  const failures: { method: string; prefix: string; type: string; status: number }[] = [];
  let serial = 0;
  const certArn = (id: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:cert/${id}`;

  const handle = (
    method: string,
    path: string,
    query: URLSearchParams,
    headers: IncomingMessage['headers'],
    body: Record<string, unknown>,
  ): [number, unknown, string?] => {
    const m1 = /^\/things\/([^/]+)$/.exec(path);
    if (m1) {
      const name = m1[1] as string;
      const thing = things.get(name);
      if (method === 'GET') {
        return thing
          ? [200, { thingName: name, attributes: thing.attributes, version: 1 }]
          : [404, { message: `${name} not found` }, 'ResourceNotFoundException'];
      }
      if (method === 'POST') {
        if (thing) return [409, { message: 'exists' }, 'ResourceAlreadyExistsException'];
        const attributes = ((body.attributePayload as { attributes?: Record<string, string> })?.attributes ??
          {}) as Record<string, string>;
        things.set(name, { attributes, principals: new Set() });
        return [
          200,
          {
            thingName: name,
            thingArn: `arn:aws:iot:${REGION}:${ACCOUNT}:thing/${name}`,
            thingId: `id-${name}`,
          },
        ];
      }
      if (method === 'DELETE') {
        if (thing?.principals.size) return [409, { message: 'still attached' }, 'InvalidRequestException'];
        things.delete(name);
        return [200, {}];
      }
    }
    const m2 = /^\/things\/([^/]+)\/principals$/.exec(path);
    if (m2) {
      const thing = things.get(m2[1] as string);
      if (!thing) return [404, { message: 'no thing' }, 'ResourceNotFoundException'];
      const principal = headers['x-amzn-principal'] as string;
      if (method === 'GET') return [200, { principals: [...thing.principals] }];
      if (method === 'PUT') thing.principals.add(principal);
      if (method === 'DELETE') thing.principals.delete(principal);
      return [200, {}];
    }
    if (method === 'POST' && path === '/keys-and-certificate') {
      const id = `c${(++serial).toString().padStart(63, '0')}`;
      certificates.set(id, {
        status: query.get('setAsActive') === 'true' ? 'ACTIVE' : 'INACTIVE',
        policies: new Set(),
      });
      return [
        200,
        {
          certificateArn: certArn(id),
          certificateId: id,
          certificatePem: `-----BEGIN CERTIFICATE-----\nfake-${id}\n-----END CERTIFICATE-----\n`,
          keyPair: {
            PublicKey: 'public',
            PrivateKey: `-----BEGIN RSA PRIVATE KEY-----\nfake-key-${id}\n-----END RSA PRIVATE KEY-----\n`,
          },
        },
      ];
    }
    const m3 = /^\/target-policies\/([^/]+)$/.exec(path);
    if (m3) {
      const policy = m3[1] as string;
      if (!policies.includes(policy))
        return [404, { message: `no policy ${policy}` }, 'ResourceNotFoundException'];
      const cert = certificates.get(String(body.target).split('/').pop() as string);
      if (!cert) return [404, { message: 'no certificate' }, 'ResourceNotFoundException'];
      if (method === 'PUT') cert.policies.add(policy);
      else cert.policies.delete(policy);
      return [200, {}];
    }
    const m4 = /^\/attached-policies\/(.+)$/.exec(path);
    if (m4 && method === 'POST') {
      const cert = certificates.get((m4[1] as string).split('/').pop() as string);
      return [
        200,
        {
          policies: [...(cert?.policies ?? [])].map((p) => ({
            policyName: p,
            policyArn: `arn:aws:iot:${REGION}:${ACCOUNT}:policy/${p}`,
          })),
        },
      ];
    }
    const m5 = /^\/certificates\/([^/]+)$/.exec(path);
    if (m5) {
      const id = m5[1] as string;
      const cert = certificates.get(id);
      if (!cert) return [404, { message: 'no certificate' }, 'ResourceNotFoundException'];
      if (method === 'PUT') {
        cert.status = query.get('newStatus') ?? cert.status;
        return [200, {}];
      }
      if (method === 'DELETE') {
        if (cert.status === 'ACTIVE' || cert.policies.size > 0)
          return [409, { message: 'active or attached' }, 'CertificateStateException'];
        certificates.delete(id);
        return [200, {}];
      }
    }
    if (method === 'GET' && path === '/endpoint')
      return [200, { endpointAddress: `abc123example-ats.iot.${REGION}.amazonaws.com` }];
    return [400, { message: `unexpected ${method} ${path}` }, 'InvalidRequestException'];
  };

  const server = await startRecordingServer((_, request) => {
    const url = new URL(request.path || '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    requests.push({
      method: request.method,
      path: `${path}${url.search ? decodeURIComponent(url.search) : ''}`,
      headers: request.headers,
      body,
    });
    const failure = failures.findIndex((f) => f.method === request.method && path.startsWith(f.prefix));
    const [status, answer, errorType] =
      failure === -1
        ? handle(request.method, path, url.searchParams, request.headers, body)
        : (() => {
            const [f] = failures.splice(failure, 1);
            return [f?.status ?? 400, { message: `injected ${f?.type}` }, f?.type] as [
              number,
              unknown,
              string,
            ];
          })();
    return {
      status,
      headers: {
        'content-type': 'application/json',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      },
      body: JSON.stringify(answer),
    };
  });
  return {
    url: server.url,
    requests,
    things,
    certificates,
    failNext: (method, prefix, type, status = 400) => failures.push({ method, prefix, type, status }),
    close: server.close,
  };
}
