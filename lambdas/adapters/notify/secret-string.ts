import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * A secret's string from Secrets Manager, through Powertools Parameters (cached for
 * `maxAgeSeconds`, so a burst of alerts reads it once). The stack creates each secret with a
 * JSON placeholder; until the operator has put the real value, this throws saying how.
 * The value itself is never logged or put in an error.
 * @example await secretString('aiops/alerting/slack-webhook-url')
 */
export async function secretString(secretId: string, maxAgeSeconds = 300): Promise<string> {
  const value = await getSecret(secretId, { maxAge: maxAgeSeconds });
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.startsWith('{')) {
    throw new Error(
      `secret ${secretId} is not set yet: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string '<value>'`,
    );
  }
  return text;
}
