import { iotRegistryFromEnv } from '#adapters/appliance-registry';
import { createIotHeartbeatHandler } from '#handlers/iot-heartbeat';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point: the runtime of the environment, the IoT thing registry of AWS_REGION. */
export const handler = createIotHeartbeatHandler({
  runtime: await runtimeFromEnvironment(),
  registry: iotRegistryFromEnv(process.env),
});
