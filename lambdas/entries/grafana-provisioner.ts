import { createGrafanaProvisionerHandler } from '#handlers/grafana-provisioner';
import { createObservability, observabilitySettings } from '#runtime/observability';

/** The Lambda entry point, with the Powertools of the environment. */
export const handler = createGrafanaProvisionerHandler({
  observability: await createObservability(observabilitySettings(process.env)),
});
