/**
 * `zod/mini` with English messages: what every schema bundled into a Lambda function imports
 * instead of `zod`. Classic `zod` builds each schema with all its methods and loads its locale
 * on import, which costs a validating handler about 60 KB and 7 ms of CPU more on a cold start
 * (docs/cold-start.md); `zod/mini` builds plain schemas and has no locale until one is set,
 * so the English one (the only one the API answers in) is set here, once, for every schema in
 * the process.
 * @example
 * import * as z from '#contract/zod';
 * z.string().check(z.minLength(1)).safeParse('').error?.issues[0]?.message
 * // 'Too small: expected string to have >=1 characters'
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
