/**
 * Every aiops dashboard, by fixed uid. `npm run dashboards` writes each one to
 * `dashboards/generated/<uid>.json`; the Managed Grafana stack provisions those files.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { ANSIBLE_EXECUTION_UID, ansibleExecutionDashboard } from './ansible-execution.ts';
import { APPLIANCE_HEALTH_UID, applianceHealthDashboard } from './appliance-health.ts';
import { DECISION_QUALITY_UID, decisionQualityDashboard } from './decision-quality.ts';
import { SLO_UID, sloDashboard } from './slo.ts';
import { SYSTEM_OVERVIEW_UID, systemOverviewDashboard } from './system-overview.ts';

/** Dashboard builders by uid, in the order a reader would open them. */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  [SYSTEM_OVERVIEW_UID]: systemOverviewDashboard,
  [DECISION_QUALITY_UID]: decisionQualityDashboard,
  [ANSIBLE_EXECUTION_UID]: ansibleExecutionDashboard,
  [APPLIANCE_HEALTH_UID]: applianceHealthDashboard,
  [SLO_UID]: sloDashboard,
};

/** The fixed uids. */
export const DASHBOARD_UIDS = {
  systemOverview: SYSTEM_OVERVIEW_UID,
  decisionQuality: DECISION_QUALITY_UID,
  ansibleExecution: ANSIBLE_EXECUTION_UID,
  applianceHealth: APPLIANCE_HEALTH_UID,
  slo: SLO_UID,
} as const;

export { setConstantVariables } from './trace-links.ts';
