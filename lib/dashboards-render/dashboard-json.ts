/**
 * The part of a generated Grafana dashboard (`dashboards/generated/<uid>.json`) the renderer
 * reads, checked with zod so a hand-edited or foreign file fails with a clear message.
 */
import * as z from 'zod';

const datasourceRef = z.looseObject({ type: z.string().optional(), uid: z.string().optional() });

const target = z.looseObject({
  refId: z.string().optional(),
  datasource: datasourceRef.optional(),
  /** PromQL (Prometheus targets). */
  expr: z.string().optional(),
  legendFormat: z.string().optional(),
  instant: z.boolean().optional(),
  format: z.string().optional(),
  /** Logs Insights (CloudWatch targets). */
  expression: z.string().optional(),
});

const threshold = z.object({ value: z.number().nullable(), color: z.string() });
const mappingResult = z.looseObject({ text: z.string().optional(), color: z.string().optional() });

const fieldDefaults = z.looseObject({
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  decimals: z.number().optional(),
  thresholds: z.looseObject({ steps: z.array(threshold) }).optional(),
  mappings: z
    .array(z.looseObject({ type: z.string(), options: z.record(z.string(), mappingResult).optional() }))
    .optional(),
  custom: z
    .looseObject({
      stacking: z.looseObject({ mode: z.string().optional() }).optional(),
      thresholdsStyle: z.looseObject({ mode: z.string().optional() }).optional(),
    })
    .optional(),
});

const panel = z.looseObject({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  description: z.string().optional(),
  gridPos: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  datasource: datasourceRef.optional(),
  targets: z.array(target).optional(),
  fieldConfig: z.looseObject({ defaults: fieldDefaults.optional() }).optional(),
});

const variable = z.looseObject({
  name: z.string(),
  type: z.string(),
  query: z.unknown().optional(),
  includeAll: z.boolean().optional(),
  multi: z.boolean().optional(),
  current: z.looseObject({ value: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
});

const dashboard = z.looseObject({
  uid: z.string(),
  title: z.string(),
  description: z.string().optional(),
  panels: z.array(panel),
  templating: z.looseObject({ list: z.array(variable).optional() }),
});

export type DashboardJson = z.infer<typeof dashboard>;
export type PanelJson = z.infer<typeof panel>;
export type TargetJson = z.infer<typeof target>;
export type VariableJson = z.infer<typeof variable>;
export type FieldDefaults = z.infer<typeof fieldDefaults>;

/**
 * Checks a parsed dashboard file.
 * @throws Error naming the source and every problem
 * @example parseDashboard(JSON.parse(text), 'aiops-slo.json').panels.length
 */
export function parseDashboard(json: unknown, source: string): DashboardJson {
  const result = dashboard.safeParse(json);
  if (!result.success) throw new Error(`${source} is not a dashboard: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** How the renderer treats a panel. */
export type PanelKind = 'row' | 'prometheus' | 'cloudwatch' | 'other';

/** The kind of a panel, from its type and data source. */
export function panelKind(p: PanelJson): PanelKind {
  if (p.type === 'row') return 'row';
  const type = p.datasource?.type ?? p.targets?.[0]?.datasource?.type;
  if (type === 'prometheus') return 'prometheus';
  if (type === 'cloudwatch') return 'cloudwatch';
  return 'other';
}

/** The panel's field defaults (unit, thresholds, mappings…), empty when absent. */
export const defaultsOf = (p: PanelJson): FieldDefaults => p.fieldConfig?.defaults ?? {};
