import * as aps from 'aws-cdk-lib/aws-aps';
import { Construct } from 'constructs';
import { parseRuleFile } from '../rules/rule-file.ts';

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
 * same file `promtool` checks and tests). The synth fails when the text is not a rule file
 * (`parseRuleFile`: groups with unique names, recording or alerting rules, no unknown keys).
 *
 * @example new AmpRuleGroups(this, 'Rules', { workspaceArn, name: 'aiops-rules', data: readFileSync(file, 'utf8') });
 */
export class AmpRuleGroups extends Construct {
  public readonly namespace: aps.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, props: AmpRuleGroupsProps) {
    super(scope, id);
    parseRuleFile(props.data, props.source ?? 'rule file');
    this.namespace = new aps.CfnRuleGroupsNamespace(this, 'Namespace', {
      workspace: props.workspaceArn,
      name: props.name,
      data: props.data,
    });
  }
}
