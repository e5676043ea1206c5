import type { SqlValue } from '@rireki/ports';
import { QueryEngineError } from '@rireki/ports';

// StartQueryExecution takes each execution parameter as a string of 1 to 1024 characters.
const MAX_PARAMETER_LENGTH = 1024;

/**
 * The statement's bound values as Athena ExecutionParameters. Athena does not bind values the way a
 * driver does: it reads each parameter as an SQL literal in the place of its `?` ("for SQL execution
 * parameters to be treated as strings, they must be enclosed in single quotes"). So a string becomes
 * a quoted literal with every `'` doubled, the only escape Trino's string literals have (a backslash
 * is an ordinary character there), which keeps any text one literal; numbers, booleans and NULL are
 * written as literals. A list has no literal Athena would accept in place of one `?`: it is refused.
 */
export function toExecutionParameters(params: readonly SqlValue[]): string[] {
  return params.map((value, index) => {
    const literal = literalOf(value, index);
    if (literal.length > MAX_PARAMETER_LENGTH) {
      throw new QueryEngineError(
        `parameter ${index + 1} is ${literal.length} characters as an Athena literal; ExecutionParameters take at most ${MAX_PARAMETER_LENGTH}`,
      );
    }
    return literal;
  });
}

function literalOf(value: SqlValue, index: number): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new QueryEngineError(`parameter ${index + 1} is ${value}, which Athena cannot bind`);
    }
    // An integer stays an integer literal (INTEGER or BIGINT). Any other number is typed DOUBLE:
    // a bare 2.5 would be a DECIMAL, and 1e21 has no plain spelling.
    return Number.isSafeInteger(value) ? String(value) : `DOUBLE '${String(value)}'`;
  }
  throw new QueryEngineError(
    `parameter ${index + 1} is a list; Athena ExecutionParameters bind one scalar per ?, so a list must be written as (?, ?, …)`,
  );
}
