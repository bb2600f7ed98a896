/**
 * `npm run staff -- add <email> <role> [name]`   creates an account and prints a one-time password
 * `npm run staff -- password <email>`            sets a new one-time password
 * `npm run staff -- two-factor-off <email>`      turns two-factor sign-in off (a lost phone) and ends the sessions
 * `npm run staff -- list`
 * Roles: agent, team-lead, coordinator, admin. Needs DATABASE_URL (npm start prints it).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/db';
import { migrate } from '../db/migrate';
import { createStaff, listStaff, setPassword, updateStaff } from '../db/staff';
import { isRole, ROLES } from '../domain/staff';

const USAGE = `usage: npm run staff -- add <email> <${ROLES.join('|')}> [name] | password <email> | two-factor-off <email> | list`;

async function main([command, ...args]: string[]): Promise<number> {
  const url = loadConfig().databaseUrl;
  if (!url) {
    process.stderr.write('Set DATABASE_URL (npm start prints the one of its embedded database).\n');
    return 2;
  }
  const sql = connectDatabase(url, 1);
  try {
    await migrate(sql);
    if (command === 'add' && args[0] && isRole(args[1])) {
      const password = randomBytes(12).toString('base64url');
      const staff = await createStaff(sql, { email: args[0], role: args[1], name: args.slice(2).join(' ') || args[0], password, oneTime: true });
      process.stdout.write(`Created ${staff.email} (${staff.role}). One-time password: ${password}\n`);
      return 0;
    }
    if (command === 'password' && args[0]) {
      const password = randomBytes(12).toString('base64url');
      if (!(await setPassword(sql, args[0], password, { oneTime: true }))) {
        process.stderr.write(`No account ${args[0]}\n`);
        return 1;
      }
      process.stdout.write(`New password for ${args[0]}: ${password}\n`);
      return 0;
    }
    if (command === 'two-factor-off' && args[0]) {
      const staff = (await listStaff(sql)).find((s) => s.email === args[0]!.toLowerCase());
      if (!staff) {
        process.stderr.write(`No account ${args[0]}\n`);
        return 1;
      }
      await updateStaff(sql, staff.id, { twoFactorOff: true });
      process.stdout.write(`Two-factor sign-in is off for ${staff.email}; they set it up again at the next sign-in if their role requires it.\n`);
      return 0;
    }
    if (command === 'list') {
      for (const s of await listStaff(sql)) {
        process.stdout.write(`${s.email}\t${s.role}\t${s.active ? 'active' : 'inactive'}\t${s.twoFactor ? 'two-factor' : '-'}\t${s.name}\n`);
      }
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  } finally {
    await sql.end();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
