import { describe, expect, it } from 'vitest';
import { functionEnvironment, parseConfig } from '#lib/config';
import { type RangedSetting, SETTING_RANGES } from '#runtime/setting-ranges';
import { parseRuntimeEnv } from '#runtime/settings';

/** The deployment setting that carries each ranged variable to the functions. */
const CONFIG_KEY: Record<RangedSetting, string> = {
  RETENTION_DAYS: 'retentionDays',
  HEARTBEAT_RETENTION_DAYS: 'heartbeatRetentionDays',
  APPLIANCE_OFFLINE_AFTER_SECONDS: 'applianceOfflineAfterSeconds',
  AUTH_CACHE_TTL_SECONDS: 'authMemoryCacheTtlSeconds',
  LABEL_VALUES_PER_TENANT: 'labelValuesPerTenant',
};

const synthAccepts = (name: RangedSetting, value: number) => {
  try {
    return functionEnvironment(parseConfig({ [CONFIG_KEY[name]]: value }))[name] === String(value);
  } catch {
    return false;
  }
};

const functionsAccept = (name: RangedSetting, value: number) => {
  try {
    return parseRuntimeEnv({ [name]: String(value) })[name] === value;
  } catch {
    return false;
  }
};

describe('the ranges of the settings deployments pass to their functions', () => {
  it.each(Object.keys(SETTING_RANGES) as RangedSetting[])(
    '%s: the synth and the functions accept the same values and default alike',
    (name) => {
      // Prepare
      const { min, max } = SETTING_RANGES[name];
      const probes = [min - 1, min, min + 1, max - 1, max, max + 1, 1.5, 31_536_000];

      // Act
      const synth = probes.map((v) => synthAccepts(name, v));
      const functions = probes.map((v) => functionsAccept(name, v));

      // Assess
      expect(functions).toEqual(synth);
      expect(synth.slice(0, 6)).toEqual([false, true, true, true, true, false]);
      expect(Number(functionEnvironment(parseConfig({}))[name])).toBe(parseRuntimeEnv({})[name]);
    },
  );

  it('every ranged setting reaches the functions under its own name', () => {
    // Act
    const env = functionEnvironment(parseConfig({}));

    // Assess
    for (const name of Object.keys(SETTING_RANGES)) expect(env).toHaveProperty(name);
  });
});
