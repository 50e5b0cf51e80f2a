import { describe, expect, it } from 'vitest';
import { isAlertSeverity, kebabCase, runbookPath } from '#lib/rules/alert-conventions';

describe('runbook paths', () => {
  it.each([
    ['ApplianceServiceDown', 'appliance-service-down'],
    ['DecisionErrorBudgetBurnFast', 'decision-error-budget-burn-fast'],
    ['ApiLatencyHigh', 'api-latency-high'],
    ['HTTPErrors5xx', 'http-errors5xx'],
    ['AMPRemoteWriteFailing', 'amp-remote-write-failing'],
    ['snake_case_alert', 'snake-case-alert'],
  ])('kebab-cases %s', (name, kebab) => {
    // Act / Assess
    expect(kebabCase(name)).toBe(kebab);
  });

  it('puts the runbook under runbooks/', () => {
    // Act / Assess
    expect(runbookPath('PipelineLagHigh')).toBe('runbooks/pipeline-lag-high.md');
  });
});

describe('isAlertSeverity', () => {
  it('accepts critical, warning and info only', () => {
    // Act / Assess
    expect(['critical', 'warning', 'info'].every(isAlertSeverity)).toBe(true);
    expect(['page', 'Critical', '', undefined].some(isAlertSeverity)).toBe(false);
  });
});
