import { iotRegistryFromEnv } from '#adapters/appliance-registry';
import { createIotPresenceHandler } from '#handlers/iot-presence';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point: the runtime of the environment, the IoT thing registry of AWS_REGION. */
export const handler = createIotPresenceHandler({
  runtime: await runtimeFromEnvironment(),
  registry: iotRegistryFromEnv(process.env),
});
