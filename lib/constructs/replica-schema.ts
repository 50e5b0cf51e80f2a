import { CustomResource } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { MIGRATIONS } from '#adapters/postgres/migrations';
import type { PowertoolsFunction } from './powertools-function.ts';
import { customResourceProvider } from './provider.ts';
import type { ReplicaCluster } from './replica-cluster.ts';

/** Properties of a {@link ReplicaSchema}. */
export interface ReplicaSchemaProps {
  /** The `migrate` function, already granted Data API access to the cluster. */
  readonly migrate: PowertoolsFunction;
  /** The cluster whose schema it keeps up to date. */
  readonly replica: ReplicaCluster;
  /** The provider framework's log group (its own function's logs). */
  readonly frameworkLogGroup: logs.LogGroup;
}

/**
 * The replica's schema as a CloudFormation resource: a `custom_resources.Provider` calls
 * the `migrate` function on create and whenever the migration list changes (its latest
 * version is a property), after the cluster and its writer exist, so the tables are there
 * before the first stream batch.
 *
 * @example new ReplicaSchema(this, 'Schema', { migrate, replica, frameworkLogGroup });
 */
export class ReplicaSchema extends Construct {
  public readonly provider: cr.Provider;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ReplicaSchemaProps) {
    super(scope, id);
    // Its own role, writing to its own log group: no AWS managed policy.
    this.provider = customResourceProvider(this, {
      onEventHandler: props.migrate.function,
      logGroup: props.frameworkLogGroup,
      purpose: 'replica schema',
      handlerName: 'migrate',
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::ReplicaSchema',
      properties: { SchemaVersion: MIGRATIONS.at(-1)?.version ?? 0 },
    });
    // The writer instance, not only the cluster: the Data API answers once an instance is up.
    this.resource.node.addDependency(props.replica.cluster);
  }
}
