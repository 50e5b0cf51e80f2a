import type { ApplianceRegistry } from '#domain/ports';
import { IotThingRegistry } from './registry/iot-thing-registry.ts';

/**
 * The IoT thing registry of the environment's `AWS_REGION`, made on its first lookup (a
 * function without the variable fails its invocations, not its import).
 * @example createIotPresenceHandler({ runtime, registry: iotRegistryFromEnv(process.env) })
 */
export function iotRegistryFromEnv(env: Readonly<Record<string, string | undefined>>): ApplianceRegistry {
  let registry: ApplianceRegistry | undefined;
  return {
    tenantOf: (applianceId, principal) => {
      if (!registry) {
        const region = env.AWS_REGION;
        if (!region) throw new Error('AWS_REGION is not set: the IoT thing registry needs a region');
        registry = new IotThingRegistry({ region });
      }
      return registry.tenantOf(applianceId, principal);
    },
  };
}
