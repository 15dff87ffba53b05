import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * Case-insensitive "contains" on a column, portable across SQLite, MySQL and PostgreSQL
 * (`!` is the escape character because backslash means different things in each dialect).
 */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[%_!]/g, (c) => `!${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
}

/** Parse a JSON text column, falling back when it is empty or broken. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
