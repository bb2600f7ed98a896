/**
 * Runs a write again and again (after 0.5 s, 1 s, ... at most 2 s apart) until it succeeds or the
 * next try would fall after `deadline` (epoch ms); then its last error is thrown. For recording
 * that something left the building (an email accepted, a webhook post answered): Postgres that
 * is away for a moment then must not make the same thing go out twice.
 */
export async function retryUntil(deadline: number, write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      const wait = Math.min(500 * attempt, 2_000);
      if (Date.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
