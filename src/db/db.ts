import postgres from 'postgres';

export type Sql = postgres.Sql;

export function connectDatabase(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    onnotice: () => undefined,
    // timestamptz as JS Date, jsonb as objects: the defaults of postgres.js.
  });
}
