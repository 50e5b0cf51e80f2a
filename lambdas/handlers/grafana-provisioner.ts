import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { grafanaControlPlane } from '#adapters/grafana-control-plane';
import { fetchDashboardBundle } from '#adapters/grafana-dashboard-bundle';
import { grafanaHttpApi } from '#adapters/grafana-http-api';
import { aiopsDataSources } from '#domain/grafana/data-sources';
import { deprovision, provision } from '#domain/grafana/provision';
import { parseProvisioningProperties, provisioningResourceId } from '#domain/grafana/provisioning-properties';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { Observability } from '#runtime/observability';

/**
 * The Grafana provisioning custom resource (behind a `custom_resources.Provider`). Create and
 * update: a short-lived token of the workspace's `aiops-provisioner` service account pushes the
 * AMP, CloudWatch and X-Ray data sources and every dashboard of the bundle, then the token is
 * deleted. Delete: the service account goes; data sources and dashboards stay. The token is
 * never logged nor returned.
 */
export function createGrafanaProvisionerHandler(runtime: { readonly observability: Observability }) {
  const { logger } = runtime.observability;
  return lambdaHandler(
    runtime.observability,
    async (event: CloudFormationCustomResourceEvent) => {
      const props = parseProvisioningProperties(event.ResourceProperties);
      const controlPlane = grafanaControlPlane(
        props.WorkspaceId,
        {},
        runtime.observability.tracing.traceClient,
      );
      if (event.RequestType === 'Delete') {
        try {
          const removed = await deprovision(controlPlane, props.ServiceAccountName);
          logger.info('Grafana provisioning removed', {
            workspaceId: props.WorkspaceId,
            serviceAccountRemoved: removed,
          });
        } catch (e) {
          // The workspace itself is gone: nothing is left to remove.
          if ((e as Error).name !== 'ResourceNotFoundException') throw e;
          logger.info('Grafana workspace already gone', { workspaceId: props.WorkspaceId });
        }
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      const dashboards = await fetchDashboardBundle(props.DashboardsUrl, props.Region);
      const summary = await provision(
        controlPlane,
        (token) => grafanaHttpApi({ baseUrl: props.GrafanaUrl, token }),
        {
          serviceAccountName: props.ServiceAccountName,
          tokenSeconds: props.TokenSeconds,
          dataSources: aiopsDataSources({ region: props.Region, prometheusUrl: props.PrometheusUrl }),
          dashboards,
          constants: { aws_region: props.Region, ...props.DashboardConstants },
          message: `aiops deployment, dashboards ${props.DashboardsHash.slice(0, 12)}`,
        },
      );
      logger.info('Grafana provisioned', { workspaceId: props.WorkspaceId, ...summary });
      return {
        PhysicalResourceId: provisioningResourceId(props.WorkspaceId),
        Data: {
          ServiceAccountId: summary.serviceAccountId,
          DataSources: summary.dataSourcesCreated + summary.dataSourcesUpdated,
          Dashboards: summary.dashboards,
        },
      };
    },
    { tracing: false, metrics: false },
  );
}
