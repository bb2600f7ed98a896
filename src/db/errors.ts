/**
 * Which database errors a retry cannot cure: SQLSTATE class 22 (data exception, such as U+0000
 * in a text) and class 23 (integrity constraint violation) depend only on the data sent. Every
 * other error (the connection, a timeout, a deadlock) may pass on a later try.
 */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23'];

export function isPermanentDatabaseError(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error) || err.name !== 'PostgresError') return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
}
