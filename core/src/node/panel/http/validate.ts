import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';

/** zod validation whose failures go through the one error mapper (the ZodError is rethrown, not answered here). */
export const json = <T extends ZodType>(schema: T) =>
  zValidator('json', schema, (result) => {
    if (!result.success) throw result.error;
  });
