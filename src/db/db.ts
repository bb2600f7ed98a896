import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection or a transaction: what a query fragment can be built with. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

export function connectDatabase(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    onnotice: () => undefined,
    // timestamptz as JS Date, jsonb as objects: the defaults of postgres.js.
  });
}
