import type { ApplianceRegistry } from '#domain/ports';
import { IotThingRegistry } from './registry/iot-thing-registry.ts';

let current: ApplianceRegistry | undefined;

/**
 * The process's appliance registry: the one set with {@link setApplianceRegistry} (the local
 * stack sets its own), else the IoT thing registry of `AWS_REGION`.
 */
export function applianceRegistry(): ApplianceRegistry {
  if (current) return current;
  const region = process.env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set: the IoT thing registry needs a region');
  current = new IotThingRegistry({ region });
  return current;
}

/** Use this registry from now on (`undefined` goes back to the default). */
export function setApplianceRegistry(registry: ApplianceRegistry | undefined): void {
  current = registry;
}
