import * as z from '#contract/zod';

/** The folder every aiops dashboard goes to. */
export const DASHBOARD_FOLDER = { uid: 'aiops', title: 'AIOps' } as const;

/** A Grafana dashboard model (the generated JSON): a uid and a title at least, the rest kept as is. */
export const dashboardSchema = z.looseObject({
  uid: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'a Grafana uid (letters, digits, _ and -, at most 40)')),
  title: z.string().check(z.minLength(1)),
  templating: z.optional(
    z.looseObject({ list: z.array(z.looseObject({ name: z.string(), type: z.string() })) }),
  ),
});
/** One dashboard model. */
export type Dashboard = z.infer<typeof dashboardSchema>;

/** What the CDK app uploads for the provisioner: every generated dashboard, one S3 object. */
export const dashboardBundleSchema = z.strictObject({
  dashboards: z.array(dashboardSchema).check(z.minLength(1)),
});

/**
 * Validates a bundle of dashboards (built at synth time, read back by the provisioner).
 * @throws Error naming the dashboard and field, or a uid used twice.
 */
export function parseDashboardBundle(json: unknown): Dashboard[] {
  const parsed = dashboardBundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`dashboard bundle: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const seen = new Set<string>();
  for (const d of parsed.data.dashboards) {
    if (seen.has(d.uid)) throw new Error(`dashboard bundle: uid ${d.uid} appears twice`);
    seen.add(d.uid);
  }
  return parsed.data.dashboards;
}

/**
 * Sets the constant variables (hidden values such as `aws_region` or a log group) that the
 * dashboard declares; values for variables it does not have are ignored. Returns a copy.
 * @example withConstants(dashboard, { aws_region: 'eu-west-1' })
 */
export function withConstants(dashboard: Dashboard, values: Readonly<Record<string, string>>): Dashboard {
  const list = dashboard.templating?.list;
  if (!list) return dashboard;
  return {
    ...dashboard,
    templating: {
      ...dashboard.templating,
      list: list.map((v) => {
        const value = v.type === 'constant' ? values[v.name] : undefined;
        return value === undefined
          ? v
          : {
              ...v,
              query: value,
              current: { text: value, value },
              options: [{ text: value, value, selected: true }],
            };
      }),
    },
  };
}

/** The body of `POST /api/dashboards/db` for one dashboard. */
export interface DashboardImport {
  readonly dashboard: Dashboard & { readonly id: null };
  readonly folderUid: string;
  readonly overwrite: true;
  readonly message: string;
}

/**
 * The upsert of a dashboard by uid: `id` cleared (Grafana matches on the uid), overwrite on,
 * into the folder, with a version message naming the deployment.
 */
export function dashboardImport(dashboard: Dashboard, folderUid: string, message: string): DashboardImport {
  return { dashboard: { ...dashboard, id: null }, folderUid, overwrite: true, message };
}
