/**
 * The fine-tuning export as pure definitions: which replica rows qualify, which one row per
 * `query_hash` wins, the SQL that reads them, and the JSONL line of each (the chat
 * fine-tuning format: system, user, assistant messages).
 */

/** Which decisions to export; every filter narrows (they combine with AND). */
export interface TrainingFilters {
  /** Decisions at or after this time (ISO 8601 or `-infinity`). @default no bound */
  readonly since?: string;
  /** Decisions before this time (ISO 8601 or `infinity`). @default no bound */
  readonly until?: string;
  /** Confidence at or above this (0..1). @default any */
  readonly minConfidence?: number;
  /** Only decisions a reviewer verified. @default false */
  readonly humanVerified?: boolean;
  /** Only decisions rated thumbs up. @default false */
  readonly thumbsUp?: boolean;
  /** Only decisions whose execution succeeded. @default false */
  readonly success?: boolean;
  /** Only decisions a reviewer marked as training data (`is_training_data`). @default false */
  readonly trainingData?: boolean;
}

/** The system message written when none is given. */
export const DEFAULT_SYSTEM_PROMPT =
  'You are an operations agent for on-premises appliances (DNS, Samba, mail, PKI and their services). ' +
  'Turn the operator\'s request into one intent: a JSON object with "action" (a string) and ' +
  '"parameters" (an object). Answer with that JSON only.';

/**
 * Never exported, whatever the filters: a thumbs down without a correct intent says the
 * answer was wrong somewhere but not what right is, so training on it would teach the mistake.
 */
const NEVER_WRONG = "(correct_intent IS NOT NULL OR user_feedback IS DISTINCT FROM 'thumbs_down')";

/**
 * Among the rows of one `query_hash`, the one exported (first in this order): human-verified
 * before not; with a correct intent before without; newest `timestamp`; then the lowest
 * `(id, customer_id)`, the table's key, so the choice is total and repeatable.
 */
export const WINNER_ORDER =
  'human_verified DESC, (correct_intent IS NOT NULL) DESC, timestamp DESC, id, customer_id';

/** The WHERE conditions of `filters`, parameters numbered from `$first`. */
export function trainingConditions(
  filters: TrainingFilters,
  first = 1,
): { readonly sql: string; readonly params: unknown[] } {
  const params: unknown[] = [];
  const next = (value: unknown, cast: string) => {
    params.push(value);
    return `$${first + params.length - 1}::${cast}`;
  };
  const where = [NEVER_WRONG];
  if (filters.since !== undefined) where.push(`timestamp >= ${next(filters.since, 'timestamptz')}`);
  if (filters.until !== undefined) where.push(`timestamp < ${next(filters.until, 'timestamptz')}`);
  if (filters.minConfidence !== undefined)
    where.push(`confidence >= ${next(filters.minConfidence, 'float8')}`);
  if (filters.humanVerified) where.push('human_verified');
  if (filters.thumbsUp) where.push("user_feedback = 'thumbs_up'");
  if (filters.success) where.push("execution_status = 'success'");
  if (filters.trainingData) where.push('is_training_data');
  return { sql: where.join(' AND '), params };
}

/**
 * What each exported row reads: the operator's words and the intent to learn, the correct
 * intent when one was given, else the parsed one, as jsonb prints it: `{"action": "…",
 * "parameters": {…}}` (the separators of Python's `json.dumps`; stored intents hold exactly
 * these two keys).
 */
const COLUMNS = 'query, coalesce(correct_intent, parsed_intent)::text AS intent';

/** One exported row as SQL returns it. */
export interface TrainingRow {
  readonly query: string;
  /** The intent as JSON text. */
  readonly intent: string;
}

/**
 * Every exported row in one statement, in `query_hash` order: what the export's cursor
 * reads (and `COPY (…) TO STDOUT` is measured on).
 * @example const { sql, params } = trainingRowsQuery({ thumbsUp: true }); // DECLARE c CURSOR FOR ${sql}
 */
export function trainingRowsQuery(filters: TrainingFilters): {
  readonly sql: string;
  readonly params: unknown[];
} {
  const where = trainingConditions(filters);
  return {
    sql: `SELECT DISTINCT ON (query_hash) ${COLUMNS} FROM ai_decisions WHERE ${where.sql}
      ORDER BY query_hash, ${WINNER_ORDER}`,
    params: where.params,
  };
}

/** How many lines the export will write (for a progress bar). */
export function trainingCountQuery(filters: TrainingFilters): {
  readonly sql: string;
  readonly params: unknown[];
} {
  const where = trainingConditions(filters);
  return {
    sql: `SELECT count(DISTINCT query_hash)::int AS n FROM ai_decisions WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * A function that writes the JSONL line (no newline) of one example, the system message
 * serialised once: `{"messages":[{"role":"system","content":…},{"role":"user","content":
 * query},{"role":"assistant","content":"{\"action\": …, \"parameters\": {…}}"}]}`. The
 * intent is taken as the JSON text it is (never re-parsed), so a line costs two escapes.
 * @example trainingLineWriter('be brief')('add user bob', '{"action": "samba.add_user", "parameters": {"name": "bob"}}')
 */
export function trainingLineWriter(systemPrompt: string): (query: string, intentJson: string) => string {
  const head = `{"messages":[{"role":"system","content":${JSON.stringify(systemPrompt)}},{"role":"user","content":`;
  return (query, intentJson) =>
    `${head}${JSON.stringify(query)}},{"role":"assistant","content":${JSON.stringify(intentJson)}}]}`;
}
