import type { Migration } from '../migrations.ts';

/**
 * Table `appliance_heartbeats`: the heartbeat history, one row per (tenant, appliance,
 * sentAt), as the appliances table keeps it (`HB#<sentAt>` items). Rows are never updated:
 * a heartbeat is a fact, and the DynamoDB side already refuses a different one at the same
 * `sentAt`.
 */
export const MIGRATION_0002_APPLIANCE_HEARTBEATS: Migration = {
  version: 2,
  name: 'appliance-heartbeats',
  statements: [
    `CREATE TABLE appliance_heartbeats (
      customer_id text NOT NULL,
      appliance_id text NOT NULL,
      sent_at timestamptz NOT NULL,
      cpu_percent double precision NOT NULL,
      memory_percent double precision NOT NULL,
      disk_percent double precision NOT NULL,
      services jsonb NOT NULL,
      agent_version text NOT NULL,
      received_at timestamptz,
      CONSTRAINT appliance_heartbeats_pkey PRIMARY KEY (customer_id, appliance_id, sent_at)
    )`,
    'CREATE INDEX appliance_heartbeats_appliance_sent_at_idx ON appliance_heartbeats (appliance_id, sent_at DESC)',
  ],
};
