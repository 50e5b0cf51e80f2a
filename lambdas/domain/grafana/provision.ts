import type { Dashboard } from './dashboards.ts';
import { DASHBOARD_FOLDER, dashboardImport, withConstants } from './dashboards.ts';
import type { GrafanaDataSource } from './data-sources.ts';

/** A service account token: its id (to delete it) and its secret. */
export interface ServiceAccountToken {
  readonly id: string;
  /** The bearer secret: used for requests, never logged or returned. */
  readonly key: string;
}

/** Managed Grafana's control plane for one workspace (service accounts and their tokens). */
export interface GrafanaControlPlane {
  /** The id of the service account with this name, if there is one. */
  findServiceAccount(name: string): Promise<string | undefined>;
  /** Creates an admin service account; returns its id. */
  createServiceAccount(name: string): Promise<string>;
  createToken(serviceAccountId: string, name: string, secondsToLive: number): Promise<ServiceAccountToken>;
  deleteToken(serviceAccountId: string, tokenId: string): Promise<void>;
  deleteServiceAccount(serviceAccountId: string): Promise<void>;
}

/** The Grafana HTTP API of the workspace, authenticated with one token. */
export interface GrafanaApi {
  /** Creates or updates a data source by uid. */
  upsertDataSource(dataSource: GrafanaDataSource): Promise<'created' | 'updated'>;
  /** Creates the folder when it does not exist. */
  ensureFolder(folder: { uid: string; title: string }): Promise<void>;
  /** Creates or overwrites a dashboard by uid. */
  importDashboard(body: ReturnType<typeof dashboardImport>): Promise<void>;
}

/** What to provision. */
export interface ProvisionPlan {
  readonly serviceAccountName: string;
  /** Lifetime of the token, in seconds (it is deleted at the end of the run anyway). */
  readonly tokenSeconds: number;
  readonly dataSources: readonly GrafanaDataSource[];
  readonly dashboards: readonly Dashboard[];
  /** Values of the dashboards' constant variables (region, log groups). */
  readonly constants: Readonly<Record<string, string>>;
  /** The version message of each dashboard, e.g. the bundle's hash. */
  readonly message: string;
}

/** What a run did. */
export interface ProvisionSummary {
  readonly serviceAccountId: string;
  readonly dataSourcesCreated: number;
  readonly dataSourcesUpdated: number;
  readonly dashboards: number;
}

/**
 * One provisioning run: the service account (created when absent), a short-lived token, the
 * data sources and dashboards pushed with it, and the token deleted before returning, whether
 * the pushes succeeded or not. A push error is thrown after the deletion; a deletion error is
 * thrown too (with the push error, if any), the token's lifetime bounding the exposure.
 */
export async function provision(
  controlPlane: GrafanaControlPlane,
  apiWith: (token: string) => GrafanaApi,
  plan: ProvisionPlan,
  now: () => Date = () => new Date(),
): Promise<ProvisionSummary> {
  const serviceAccountId =
    (await controlPlane.findServiceAccount(plan.serviceAccountName)) ??
    (await controlPlane.createServiceAccount(plan.serviceAccountName));
  const tokenName = `${plan.serviceAccountName}-${now().getTime()}`;
  const token = await controlPlane.createToken(serviceAccountId, tokenName, plan.tokenSeconds);
  let outcome:
    | { ok: true; pushed: Omit<ProvisionSummary, 'serviceAccountId'> }
    | { ok: false; error: unknown };
  try {
    outcome = { ok: true, pushed: await push(apiWith(token.key), plan) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  try {
    await controlPlane.deleteToken(serviceAccountId, token.id);
  } catch (e) {
    if (!outcome.ok)
      throw new AggregateError([outcome.error, e], 'provisioning failed and its token was not deleted');
    throw e;
  }
  if (!outcome.ok) throw outcome.error;
  return { serviceAccountId, ...outcome.pushed };
}

async function push(
  api: GrafanaApi,
  plan: ProvisionPlan,
): Promise<Omit<ProvisionSummary, 'serviceAccountId'>> {
  let created = 0;
  for (const ds of plan.dataSources) if ((await api.upsertDataSource(ds)) === 'created') created++;
  await api.ensureFolder(DASHBOARD_FOLDER);
  for (const d of plan.dashboards) {
    await api.importDashboard(
      dashboardImport(withConstants(d, plan.constants), DASHBOARD_FOLDER.uid, plan.message),
    );
  }
  return {
    dataSourcesCreated: created,
    dataSourcesUpdated: plan.dataSources.length - created,
    dashboards: plan.dashboards.length,
  };
}

/**
 * The delete of the provisioning: the service account goes (with any token left); data
 * sources and dashboards stay, for whoever still uses the workspace.
 * @returns whether there was a service account to delete.
 */
export async function deprovision(
  controlPlane: GrafanaControlPlane,
  serviceAccountName: string,
): Promise<boolean> {
  const id = await controlPlane.findServiceAccount(serviceAccountName);
  if (id === undefined) return false;
  await controlPlane.deleteServiceAccount(id);
  return true;
}
