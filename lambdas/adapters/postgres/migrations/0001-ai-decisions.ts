import type { Migration } from '../migrations.ts';

/**
 * Table `ai_decisions`: the columns of DESIGN.md §5, in its order and with its types, plus
 * two bookkeeping columns (`version`: the DynamoDB item's version the row holds, guarding
 * upserts; `updated_at`: when the replica last wrote the row).
 *
 * The key is `(id, customer_id)`, not `id` alone: decision ids are client-generated and
 * unique per tenant only (DynamoDB keys them `${customerId}#${decisionId}`), so two tenants
 * may send the same id. Keyed by id alone, the replica would have to refuse one of the two
 * rows, which one depending on delivery order, and a tenant could keep another's decision
 * out of the replica. With both columns every decision has its row, tenants never touch
 * each other's rows, and the result does not depend on order. `id` leads the key, so
 * `WHERE id = …` is still an index lookup, and analysts' SQL against the §5 columns runs
 * unchanged (ids that two tenants share simply show up once per tenant).
 *
 * Columns a decision always has are NOT NULL; execution and feedback columns stay NULL
 * until that event has arrived.
 */
export const MIGRATION_0001_AI_DECISIONS: Migration = {
  version: 1,
  name: 'ai-decisions',
  statements: [
    `CREATE TABLE ai_decisions (
      id uuid NOT NULL,
      timestamp timestamptz NOT NULL,
      appliance_id text NOT NULL,
      customer_id text NOT NULL,
      query text NOT NULL,
      query_hash text NOT NULL,
      parsed_intent jsonb NOT NULL,
      confidence double precision NOT NULL,
      llm_model text NOT NULL,
      llm_tokens_used integer NOT NULL,
      llm_duration_ms integer NOT NULL,
      playbook_yaml text,
      playbook_hash text,
      execution_status text CONSTRAINT ai_decisions_execution_status_check
        CHECK (execution_status IN ('success', 'failed', 'timeout')),
      execution_duration_seconds double precision,
      tasks_executed integer,
      tasks_ok integer,
      tasks_changed integer,
      tasks_failed integer,
      execution_output text,
      execution_errors text[],
      user_feedback text CONSTRAINT ai_decisions_user_feedback_check
        CHECK (user_feedback IN ('thumbs_up', 'thumbs_down')),
      user_comment text,
      is_training_data boolean NOT NULL DEFAULT false,
      human_verified boolean NOT NULL DEFAULT false,
      correct_intent jsonb,
      version integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_decisions_pkey PRIMARY KEY (id, customer_id)
    )`,
    'CREATE INDEX ai_decisions_timestamp_idx ON ai_decisions (timestamp DESC)',
    'CREATE INDEX ai_decisions_appliance_id_idx ON ai_decisions (appliance_id)',
    'CREATE INDEX ai_decisions_query_hash_idx ON ai_decisions (query_hash)',
    'CREATE INDEX ai_decisions_confidence_idx ON ai_decisions (confidence)',
    'CREATE INDEX ai_decisions_execution_status_idx ON ai_decisions (execution_status)',
  ],
};
