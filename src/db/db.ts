import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection or a transaction: what a query fragment can be built with. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

/**
 * The options of `sql.unsafe` for a fixed text with parameters: a named prepared statement, as a
 * tagged template gets. Without them postgres.js first asks the server for the parameters' types,
 * a second round trip on every call.
 */
export const PREPARED = { prepare: true } as const;

export function connectDatabase(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    onnotice: () => undefined,
    // timestamptz as JS Date, jsonb as objects: the defaults of postgres.js.
  });
}
