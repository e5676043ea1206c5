import type { z } from 'zod';
import { describeGiven } from './contractMessages.js';
import type { FieldProblem } from './errors.js';

/**
 * A zod error as rireki reports it everywhere: one problem per issue, its path dotted
 * (`events.2.status`), and what was given when the parse kept it (CONTRACT_PARSE). An unknown key
 * is its own problem, named by its own path.
 */
export function fieldProblems(error: Pick<z.ZodError, 'issues'>): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: issue.message }));
    }
    const given = 'input' in issue && issue.input !== undefined && !issue.message.includes('(got ');
    return [
      {
        path: path.join('.'),
        message: given ? `${issue.message} (got ${describeGiven(issue.input)})` : issue.message,
      },
    ];
  });
}
