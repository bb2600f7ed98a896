import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/** The CSRF token of a rendered form. */
export function csrf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** A supertest agent signed in to the admin area of `app` (its session cookie kept). */
export async function signInAs(app: Parameters<typeof request.agent>[0], email: string, password: string): Promise<TestAgent> {
  const agent = request.agent(app);
  const page = await agent.get('/admin/inloggen').expect(200);
  await agent.post('/admin/inloggen').type('form')
    .send({ _csrf: csrf(page.text), email, password, next: '/admin' }).expect(303);
  return agent;
}
