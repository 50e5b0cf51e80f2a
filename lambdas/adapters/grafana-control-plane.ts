import {
  CreateWorkspaceServiceAccountCommand,
  CreateWorkspaceServiceAccountTokenCommand,
  DeleteWorkspaceServiceAccountCommand,
  DeleteWorkspaceServiceAccountTokenCommand,
  GrafanaClient,
  type GrafanaClientConfig,
  paginateListWorkspaceServiceAccounts,
} from '@aws-sdk/client-grafana';
import type { GrafanaControlPlane, ServiceAccountToken } from '#domain/grafana/provision';

/**
 * The service-account part of Managed Grafana's control plane for one workspace, over the
 * AWS SDK (the endpoint comes from the SDK's configuration: `AWS_ENDPOINT_URL_GRAFANA` or
 * `config.endpoint`). Service accounts are created with the ADMIN role: data sources need it.
 * @example const cp = grafanaControlPlane('g-0123456789'); await cp.findServiceAccount('aiops-provisioner');
 */
export function grafanaControlPlane(
  workspaceId: string,
  config: GrafanaClientConfig = {},
  trace: <T>(client: T) => T = (client) => client,
): GrafanaControlPlane {
  const client = trace(new GrafanaClient(config));
  return {
    async findServiceAccount(name) {
      for await (const page of paginateListWorkspaceServiceAccounts({ client }, { workspaceId })) {
        const found = page.serviceAccounts?.find((a) => a.name === name);
        if (found?.id) return found.id;
      }
      return undefined;
    },
    async createServiceAccount(name) {
      const out = await client.send(
        new CreateWorkspaceServiceAccountCommand({ workspaceId, name, grafanaRole: 'ADMIN' }),
      );
      if (!out.id) throw new Error('CreateWorkspaceServiceAccount returned no id');
      return out.id;
    },
    async createToken(serviceAccountId, name, secondsToLive): Promise<ServiceAccountToken> {
      const out = await client.send(
        new CreateWorkspaceServiceAccountTokenCommand({ workspaceId, serviceAccountId, name, secondsToLive }),
      );
      const token = out.serviceAccountToken;
      if (!token?.id || !token.key) throw new Error('CreateWorkspaceServiceAccountToken returned no token');
      return { id: token.id, key: token.key };
    },
    async deleteToken(serviceAccountId, tokenId) {
      await client.send(
        new DeleteWorkspaceServiceAccountTokenCommand({ workspaceId, serviceAccountId, tokenId }),
      );
    },
    async deleteServiceAccount(serviceAccountId) {
      await client.send(new DeleteWorkspaceServiceAccountCommand({ workspaceId, serviceAccountId }));
    },
  };
}
