/**
 * The prices the `cost` benchmark bills with: AWS list prices in US East (N. Virginia),
 * on-demand, first pricing tier, without the free tier. Dated and sourced, so a figure can be
 * checked and the table updated when a price changes; change the date with the figures.
 */

/** One price: US dollars per `per` units of `unit`. */
export interface Price {
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  /** The AWS pricing page it was read from. */
  readonly source: string;
}

/** When the figures below were checked against their pages. */
export const PRICES_DATE = '2026-12-07';

/** The region and terms the prices hold for. */
export const PRICES_TERMS = 'us-east-1, on-demand, first tier, free tier not deducted';

const DYNAMODB = 'Amazon DynamoDB pricing for on-demand capacity';
const LAMBDA = 'AWS Lambda pricing (Arm price)';
const APIGW = 'Amazon API Gateway pricing (HTTP APIs)';
const LOGS = 'Amazon CloudWatch pricing (Logs: collect, standard and vended Lambda logs)';
const RDS = 'Amazon Aurora pricing (Data API; Aurora Serverless v2, Aurora Standard)';
const AMP = 'Amazon Managed Service for Prometheus pricing (metric samples ingested)';
const XRAY = 'AWS X-Ray pricing (traces recorded)';
const CW = 'Amazon CloudWatch pricing (Metrics: custom metrics)';

/** Every price the benchmark uses, by line item. */
export const PRICES = {
  dynamodbWriteRequestUnit: { usd: 0.625, per: 1e6, unit: 'write request unit', source: DYNAMODB },
  dynamodbReadRequestUnit: { usd: 0.125, per: 1e6, unit: 'read request unit', source: DYNAMODB },
  /** GetRecords made by a Lambda trigger are not billed. */
  dynamodbStreamReadByLambda: {
    usd: 0,
    per: 1,
    unit: 'stream read request by a Lambda trigger',
    source: DYNAMODB,
  },
  lambdaRequest: { usd: 0.2, per: 1e6, unit: 'request', source: LAMBDA },
  lambdaArmGbSecond: { usd: 0.0000133334, per: 1, unit: 'GB-second (arm64)', source: LAMBDA },
  /** Metered in 512 KB increments; every request here is far below. */
  httpApiRequest: { usd: 1.0, per: 1e6, unit: 'HTTP API request', source: APIGW },
  /** $0.50 per GB (2^30 bytes). */
  logsIngestedKb: { usd: 0.5, per: 1024 ** 2, unit: 'KB ingested', source: LOGS },
  /** Metered in 32 KB increments of payload; every statement here is far below. */
  rdsDataApiRequest: { usd: 0.35, per: 1e6, unit: 'Data API request', source: RDS },
  auroraServerlessV2AcuHour: { usd: 0.12, per: 1, unit: 'ACU-hour', source: RDS },
  ampSamplesIngested: { usd: 0.9, per: 1e7, unit: 'sample ingested', source: AMP },
  xrayTraceRecorded: { usd: 5.0, per: 1e6, unit: 'trace recorded', source: XRAY },
  cloudwatchCustomMetric: { usd: 0.3, per: 1, unit: 'custom metric-month', source: CW },
} as const satisfies Record<string, Price>;

/** The price name of {@link PRICES}. */
export type PriceName = keyof typeof PRICES;

/**
 * Dollars for `quantity` units of a price.
 * @example dollars('httpApiRequest', 3e6) // 3
 */
export function dollars(price: PriceName, quantity: number): number {
  const p: Price = PRICES[price];
  return (p.usd * quantity) / p.per;
}
