/**
 * Explicit size and range limits of contract v1. Every one is enforced with a 4xx before
 * anything is written, and together they keep a merged decision item far below DynamoDB's
 * 400 KB item limit (worst case about 230 KB).
 */
export const LIMITS = {
  /** Largest request body accepted, in bytes (API Gateway allows 10 MB, Lambda 6 MB). */
  maxBodyBytes: 4 * 1024 * 1024,
  /**
   * Nesting of a whole request body, in objects and arrays (the body itself is level 1). The
   * deepest valid body, a batch of decisions whose parameters nest to their limit, reaches 20;
   * up to this level the contract's own checks name the field that nests too deep, beyond it
   * the body is refused before it is validated.
   */
  maxBodyDepth: 64,
  /** Items in one `POST /v1/decisions` or `POST /v1/heartbeats` batch. */
  maxBatchItems: 100,
  /** The operator's words, in characters. */
  maxQueryChars: 4_096,
  /** Playbook YAML, in characters. */
  maxPlaybookChars: 64 * 1024,
  /** Execution output, in characters (the agent truncates and sets `outputTruncated`). */
  maxOutputChars: 32 * 1024,
  /** Error messages per execution, and characters per message. */
  maxErrors: 50,
  maxErrorChars: 2_048,
  /** Per-task results per execution, and characters of a task name. */
  maxTasks: 500,
  maxTaskNameChars: 200,
  /** Serialised intent parameters, in bytes. */
  maxIntentParametersBytes: 16 * 1024,
  /** Nesting of intent parameters (DynamoDB stores at most 32 levels in an item). */
  maxIntentParametersDepth: 16,
  /** Distinct feedback events kept per decision (an operator's rating, a reviewer's verdict, ...). */
  maxFeedbackEvents: 5,
  /** Feedback comment, in characters. */
  maxCommentChars: 2_000,
  /** Services reported in one heartbeat. */
  maxServices: 64,
  /**
   * Tokens of one model call, input and output each. The replica stores their sum in a
   * PostgreSQL `integer` column (at most 2,147,483,647), so twice this must fit.
   */
  maxTokens: 1_000_000_000,
  /**
   * Each task count of an execution (ok, changed, failed, skipped, unreachable). The replica
   * stores each in an `integer` column and `ok + failed + unreachable` in another, so three
   * times this must fit in 2,147,483,647.
   */
  maxTaskCount: 500_000_000,
  /** Short identifiers: names, versions, models, providers. */
  maxNameChars: 128,
  /** Page size of list routes. */
  maxPageSize: 100,
  defaultPageSize: 25,
  /** How far in the future a client timestamp may be (clock skew), in seconds. */
  maxClockSkewSeconds: 300,
  /**
   * Field errors listed per item, and in one answer; `errorCount` always has the total, so
   * the answer to any bad body stays far below Lambda's 6 MB response limit.
   */
  maxErrorsPerItem: 20,
  maxErrorsPerResponse: 100,
} as const;
