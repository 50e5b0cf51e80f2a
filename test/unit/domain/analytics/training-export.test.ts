import { describe, expect, it } from 'vitest';
import { trainingConditions, trainingLineWriter, trainingPageQuery } from '#domain/analytics/training-export';

describe('training export definitions', () => {
  it('numbers the filter parameters after the keyset ones and combines the filters with AND', () => {
    // Act
    const page = trainingPageQuery({
      since: '2026-11-01T00:00:00.000Z',
      minConfidence: 0.8,
      thumbsUp: true,
      success: true,
    });
    const none = trainingConditions({});
    // Assess
    expect(page.params).toEqual(['2026-11-01T00:00:00.000Z', 0.8]);
    expect(page.sql).toContain('timestamp >= $3::timestamptz AND confidence >= $4::float8');
    expect(page.sql).toContain("user_feedback = 'thumbs_up' AND execution_status = 'success'");
    expect(page.sql).toMatch(/query_hash > \$1::text .* LIMIT \$2::int/s);
    expect(none).toEqual({
      sql: "(correct_intent IS NOT NULL OR user_feedback IS DISTINCT FROM 'thumbs_down')",
      params: [],
    });
  });

  it('writes the chat fine-tuning format, the intent as compact JSON with action first', () => {
    // Prepare
    const line = trainingLineWriter('You turn requests into intents.');
    // Act
    const text = line(
      'add user "bob"\nto staff',
      '{"parameters": {"group": "staff", "name": "bob"}, "action": "samba.add_user"}',
    );
    // Assess
    expect(JSON.parse(text)).toEqual({
      messages: [
        { role: 'system', content: 'You turn requests into intents.' },
        { role: 'user', content: 'add user "bob"\nto staff' },
        {
          role: 'assistant',
          content: '{"action":"samba.add_user","parameters":{"group":"staff","name":"bob"}}',
        },
      ],
    });
    expect(text).not.toContain('\n');
  });
});
