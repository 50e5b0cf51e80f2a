import { describe, expect, it } from 'vitest';
import { trainingConditions, trainingLineWriter, trainingRowsQuery } from '#domain/analytics/training-export';

describe('training export definitions', () => {
  it('numbers the filter parameters and combines the filters with AND', () => {
    // Act
    const page = trainingRowsQuery({
      since: '2026-11-01T00:00:00.000Z',
      minConfidence: 0.8,
      thumbsUp: true,
      success: true,
    });
    const none = trainingConditions({});
    // Assess
    expect(page.params).toEqual(['2026-11-01T00:00:00.000Z', 0.8]);
    expect(page.sql).toContain('timestamp >= $1::timestamptz AND confidence >= $2::float8');
    expect(page.sql).toContain("user_feedback = 'thumbs_up' AND execution_status = 'success'");
    expect(page.sql).toMatch(
      /^SELECT DISTINCT ON \(query_hash\) .* ORDER BY query_hash, human_verified DESC/s,
    );
    expect(none).toEqual({
      sql: "(correct_intent IS NOT NULL OR user_feedback IS DISTINCT FROM 'thumbs_down')",
      params: [],
    });
  });

  it('writes the chat fine-tuning format, the intent as the JSON text it is', () => {
    // Prepare
    const line = trainingLineWriter('You turn requests into intents.');
    const intent = '{"action": "samba.add_user", "parameters": {"name": "bob", "group": "staff"}}';
    // Act
    const text = line('add user "bob"\nto staff', intent);
    // Assess
    expect(JSON.parse(text)).toEqual({
      messages: [
        { role: 'system', content: 'You turn requests into intents.' },
        { role: 'user', content: 'add user "bob"\nto staff' },
        { role: 'assistant', content: intent },
      ],
    });
    expect(text).not.toContain('\n');
  });
});
