import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__klachtflowServers;
  await Promise.all([servers?.dev.stop(), servers?.pg.stop()]);
  if (servers) rmSync(servers.dir, { recursive: true, force: true });
}
