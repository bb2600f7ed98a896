/**
 * The frame of a command over the Klachtflow database (npm run report, npm run what-if): parse the
 * arguments (a UsageError is bad input: exit 2 with the reason and the usage), connect with
 * DATABASE_URL, run, close. Exit 0 when done, 1 for anything else.
 */
import { connectDatabase, type Sql } from '../db/db';

export class UsageError extends Error {}

export function runDatabaseCommand<R>(o: {
  usage: string;
  parse: (argv: string[]) => R;
  run: (sql: Sql, request: R) => Promise<string>;
}): void {
  const main = async (argv: string[]): Promise<number> => {
    let request: R;
    try {
      request = o.parse(argv);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      process.stderr.write(`${err.message}\n${o.usage}\n`);
      return 2;
    }
    const url = process.env.DATABASE_URL;
    if (!url) {
      process.stderr.write('Zet DATABASE_URL op de database van Klachtflow (npm start noemt die). (Set DATABASE_URL.)\n');
      return 1;
    }
    const sql = connectDatabase(url, 4);
    try {
      process.stdout.write(await o.run(sql, request));
      return 0;
    } finally {
      await sql.end();
    }
  };
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
