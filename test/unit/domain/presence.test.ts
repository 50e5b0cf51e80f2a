import { describe, expect, it } from 'vitest';
import { presenceChange, TAKEN_OVER } from '#domain/presence';

describe('presenceChange', () => {
  it('turns a connect and a disconnect into changes ordered by broker time, a disconnect after a connect of the same instant', () => {
    // Act
    const connected = presenceChange({
      clientId: 'a1',
      timestamp: 1_700_000_000_000,
      eventType: 'connected',
      sessionIdentifier: 's1',
    });
    const disconnected = presenceChange({
      clientId: 'a1',
      timestamp: 1_700_000_000_000,
      eventType: 'disconnected',
      disconnectReason: 'CONNECTION_LOST',
    });

    // Assess
    expect(connected).toEqual({
      applianceId: 'a1',
      change: { connected: true, at: '2023-11-14T22:13:20.000Z', rank: 0, sessionId: 's1' },
    });
    expect(disconnected).toEqual({
      applianceId: 'a1',
      change: { connected: false, at: '2023-11-14T22:13:20.000Z', rank: 1, reason: 'CONNECTION_LOST' },
    });
  });

  it('ignores the disconnect of a session another connection of the same client took over', () => {
    // Act
    const result = presenceChange({
      clientId: 'a1',
      timestamp: 1,
      eventType: 'disconnected',
      disconnectReason: TAKEN_OVER,
    });

    // Assess
    expect(result).toHaveProperty('ignored');
  });
});
