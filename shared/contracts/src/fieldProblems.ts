import type { z } from 'zod';
import type { FieldProblem } from './errors.js';

/** A zod error as rireki reports it everywhere: one problem per issue, its path dotted (`events.2.status`). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
