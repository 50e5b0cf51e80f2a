import * as aps from 'aws-cdk-lib/aws-aps';
import { Construct } from 'constructs';
import { parse } from 'yaml';

/** Properties of an {@link AmpRuleGroups}. */
export interface AmpRuleGroupsProps {
  /** ARN of the AMP workspace that evaluates the rules. */
  readonly workspaceArn: string;
  /** Namespace name, e.g. `aiops-rules`. */
  readonly name: string;
  /** The rule file (Prometheus `groups:` YAML), as it is in the repo. */
  readonly data: string;
  /** Where the data came from, for error messages. @default 'rule file' */
  readonly source?: string;
}

/**
 * A rule-groups namespace of an AMP workspace holding one Prometheus rule file verbatim (the
 * same file `promtool` checks and tests). The synth fails when the text is not a rule file:
 * YAML with a non-empty `groups` list, each group named with a list of rules.
 *
 * @example new AmpRuleGroups(this, 'Rules', { workspaceArn, name: 'aiops-rules', data: readFileSync(file, 'utf8') });
 */
export class AmpRuleGroups extends Construct {
  public readonly namespace: aps.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, props: AmpRuleGroupsProps) {
    super(scope, id);
    assertRuleFile(props.data, props.source ?? 'rule file');
    this.namespace = new aps.CfnRuleGroupsNamespace(this, 'Namespace', {
      workspace: props.workspaceArn,
      name: props.name,
      data: props.data,
    });
  }
}

/**
 * Checks the shape AMP accepts (promtool checks the rules themselves).
 * @throws Error naming the source and what is wrong.
 */
export function assertRuleFile(data: string, source: string): void {
  let doc: unknown;
  try {
    doc = parse(data);
  } catch (e) {
    throw new Error(`${source}: not YAML: ${(e as Error).message}`);
  }
  const groups = (doc as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new Error(`${source}: expected a non-empty "groups" list`);
  }
  groups.forEach((g: { name?: unknown; rules?: unknown }, i) => {
    if (typeof g?.name !== 'string' || !Array.isArray(g.rules)) {
      throw new Error(`${source}: group ${i + 1} needs a "name" and a "rules" list`);
    }
  });
}
