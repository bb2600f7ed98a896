/**
 * The staff side over HTTP against the real stack (web app, dev server with a worker, Postgres):
 * sign-in, CSRF, role checks on every route, each action reaching the workflow, refusals.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import { getCase } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { DEFAULT_RETENTION, loadSettings, saveSetting, type RetentionSettings } from '../../src/db/settings';
import { createStaff, verifySignIn } from '../../src/db/staff';
import { assignTask, claimTask, completeTask, createTask, listTasks } from '../../src/db/tasks';
import { listOutbox } from '../../src/db/outbox';
import { STATUS_LINK_PLACEHOLDER } from '../../src/cases/statusLinks';
import { insertImprovementAction } from '../../src/db/improvementActions';
import { staffRef, type Role } from '../../src/domain/staff';
import { totpCode } from '../../src/domain/twoFactor';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { readModelCaughtUp, storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';
import { csrf, signInAs } from '../support/adminSession';

const TASK_QUEUE = 'admin-test';
const PASSWORD = 'correct horse battery staple';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;
const staff: Record<Role, string> = { agent: '', 'team-lead': '', coordinator: '', admin: '', governance: '' };
/** Their staff ids, as the workflow names them. */
const ids: Record<Role, string> = { ...staff };

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app();
  const suffix = randomUUID().slice(0, 6);
  for (const role of Object.keys(staff) as Role[]) {
    staff[role] = `${role}.${suffix}@ccv.test`;
    ids[role] = staffRef((await createStaff(sql, { email: staff[role], name: `Test ${role}`, role, password: PASSWORD })).id);
  }
});

afterAll(() => stack?.stop());

const signIn = (role: Role): Promise<TestAgent> => signInAs(app, staff[role], PASSWORD);

/** The retention periods as the settings form sends them. */
const retentionForm = (r: RetentionSettings): Record<string, string> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));

/** A page's CSRF token for the signed-in agent. */
async function tokenFor(agent: TestAgent, path = '/admin/zaken'): Promise<string> {
  return csrf((await agent.get(path)).text);
}

async function openCase(o: Parameters<typeof storeCase>[1] = {}) {
  const record = await storeCase(sql, o);
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  await readModelCaughtUp(sql, handle);
  return { reference: record.reference, handle };
}

describe('sign-in', () => {
  test('signs in with a session cookie that is httpOnly and SameSite, and signs out', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/admin/inloggen').expect(200);
    const res = await agent.post('/admin/inloggen').type('form')
      .send({ _csrf: csrf(page.text), email: staff.agent.toUpperCase(), password: PASSWORD }).expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('kf.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const inbox = await agent.get('/admin/taken').expect(200);
    expect(inbox.text).toContain('Test agent');
    await agent.post('/admin/uitloggen').type('form').send({ _csrf: csrf(inbox.text) }).expect(303).expect('clear-site-data', '"storage"');
    await agent.get('/admin/taken').expect(303).expect('location', '/admin/inloggen?next=%2Fadmin%2Ftaken');
  });

  test('a wrong password is refused without saying which part was wrong; five in a row lock the account', async () => {
    const email = `locked.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email, name: 'Locked', role: 'agent', password: PASSWORD });
    const agent = request.agent(app);
    const token = csrf((await agent.get('/admin/inloggen')).text);
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/admin/inloggen').type('form').send({ _csrf: token, email, password: 'wrong' }).expect(401);
      expect(res.text).toContain('Het e-mailadres of wachtwoord klopt niet');
    }
    // Locked: even the right password is refused, with the same message as a wrong one.
    const locked = await agent.post('/admin/inloggen').type('form').send({ _csrf: token, email, password: PASSWORD }).expect(401);
    expect(locked.text).toContain('Het e-mailadres of wachtwoord klopt niet');
    const failures = await sql`SELECT 1 FROM audit_log WHERE action = 'sign-in-failed' AND staff_email = ${email}`;
    expect(failures).toHaveLength(6);
    const unknown = await agent.post('/admin/inloggen').type('form').send({ _csrf: token, email: 'nobody@ccv.test', password: 'x' }).expect(401);
    expect(unknown.text).toContain('Het e-mailadres of wachtwoord klopt niet');
  });

  test('failures count in a 15-minute window: a few an hour never keep an account locked', async () => {
    const email = `window.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email, name: 'Window', role: 'agent', password: PASSWORD });
    // Five an hour ago and four in the last minutes: not five in the window.
    for (const minutesAgo of [60, 50, 40, 30, 20, 4, 3, 2, 1]) {
      await sql`INSERT INTO sign_in_failures (email, ip, at) VALUES (${email}, '192.0.2.1', now() - make_interval(mins => ${minutesAgo}))`;
    }
    expect(await verifySignIn(sql, email, PASSWORD, '192.0.2.2')).toMatchObject({ ok: true });
    // A success clears the account's failures; five now lock it, the right password included.
    for (let i = 0; i < 5; i++) expect(await verifySignIn(sql, email, 'wrong', '192.0.2.2')).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifySignIn(sql, email, PASSWORD, '192.0.2.2')).toEqual({ ok: false, reason: 'locked' });
    // Refused attempts while locked do not extend the lock: once the five are 15 minutes old, it opens.
    await sql`UPDATE sign_in_failures SET at = at - interval '16 minutes' WHERE email = ${email}`;
    expect(await verifySignIn(sql, email, PASSWORD, '192.0.2.2')).toMatchObject({ ok: true });
  });

  test('an address with 20 failures in the window is refused for every account; other addresses are not', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 20; i++) await verifySignIn(sql, `guess${i}.${randomUUID().slice(0, 4)}@ccv.test`, 'wrong', ip);
    expect(await verifySignIn(sql, staff.agent, PASSWORD, ip)).toEqual({ ok: false, reason: 'locked' });
    expect(await verifySignIn(sql, staff.agent, PASSWORD, '203.0.113.5')).toMatchObject({ ok: true });
  });

  test('a session ends after 30 minutes without a request; admin pages are never cached', async () => {
    const agent = await signIn('agent');
    const inbox = await agent.get('/admin/taken').expect(200);
    expect(inbox.headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/admin/inloggen')).headers['cache-control']).toBe('no-store');
    await sql`UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes'
      WHERE staff_id = (SELECT id FROM staff WHERE email = ${staff.agent})`;
    await agent.get('/admin/taken').expect(303).expect('location', '/admin/inloggen?next=%2Fadmin%2Ftaken');
  });

  test('on https the session cookie is __Host- prefixed: Secure, this host only, the whole site', async () => {
    const secure = stack.app({ config: { ...stack.config, secureCookies: true } });
    const page = await request(secure).get('/admin/inloggen').expect(200);
    // Over the test's plain http the client keeps no Secure cookie: send the CSRF cookie by hand.
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    expect(csrfCookie).toMatch(/^__Host-kf\.csrf=/);
    const res = await request(secure).post('/admin/inloggen').set('Cookie', csrfCookie).type('form')
      .send({ _csrf: csrf(page.text), email: staff.agent, password: PASSWORD }).expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-kf.sid='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  test('two-factor sign-in: set up with a code from the app; then each sign-in asks for a code that works once; wrong codes lock like passwords', async () => {
    const email = `totp.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email, name: 'Tweestaps Test', role: 'agent', password: PASSWORD });
    const first = await signInAs(app, email, PASSWORD);
    const setup = await first.get('/admin/tweestaps').expect(200);
    expect(setup.text).toContain('Tweestapsverificatie staat uit.');
    expect(setup.text).toMatch(/<figure class="qr" role="img"[^>]*><svg/);
    const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replace(/ /g, '');
    // A wrong code does not turn it on; the code the app shows does.
    const wrong = (code: string) => code.replace(/^\d/, (d) => String((Number(d) + 5) % 10));
    const now = totpCode(secret, new Date());
    expect((await first.post('/admin/tweestaps/aanzetten').type('form').send({ _csrf: csrf(setup.text), code: wrong(now) }).expect(422)).text)
      .toContain('Deze code klopt niet');
    await first.post('/admin/tweestaps/aanzetten').type('form').send({ _csrf: csrf(setup.text), code: now.replace(/(\d{3})/, '$1 ') })
      .expect(303).expect('location', '/admin/tweestaps?gedaan=aan');
    expect((await first.get('/admin/tweestaps').expect(200)).text).toContain('Tweestapsverificatie staat aan.');

    // The next sign-in: the right password leads to the code page, and nowhere else until the code is right.
    const agent = request.agent(app);
    const login = await agent.get('/admin/inloggen?next=%2Fadmin%2Fzaken').expect(200);
    await agent.post('/admin/inloggen').type('form').send({ _csrf: csrf(login.text), email, password: PASSWORD, next: '/admin/zaken' })
      .expect(303).expect('location', '/admin/inloggen/code?next=%2Fadmin%2Fzaken');
    await agent.get('/admin/taken').expect(303).expect('location', '/admin/inloggen/code');
    const codePage = await agent.get('/admin/inloggen/code?next=%2Fadmin%2Fzaken').expect(200);
    expect(codePage.text).not.toContain('Tweestaps Test'); // not signed in yet: no name, no menu
    // The code used to set it up works no more: each code once.
    expect((await agent.post('/admin/inloggen/code').type('form').send({ _csrf: csrf(codePage.text), code: now, next: '/admin/zaken' }).expect(401)).text)
      .toContain('al gebruikt');
    await agent.post('/admin/inloggen/code').type('form')
      .send({ _csrf: csrf(codePage.text), code: totpCode(secret, new Date(Date.now() + 30_000)), next: '/admin/zaken' })
      .expect(303).expect('location', '/admin/zaken');
    await agent.get('/admin/taken').expect(200);

    // Five wrong codes lock the account as five wrong passwords do, the right password included.
    const again = request.agent(app);
    const page = await again.get('/admin/inloggen');
    await again.post('/admin/inloggen').type('form').send({ _csrf: csrf(page.text), email, password: PASSWORD }).expect(303);
    const token = csrf((await again.get('/admin/inloggen/code')).text);
    for (let i = 0; i < 4; i++) {
      await again.post('/admin/inloggen/code').type('form').send({ _csrf: token, code: wrong(totpCode(secret, new Date())) }).expect(401);
    }
    const locked = await again.post('/admin/inloggen/code').type('form').send({ _csrf: token, code: wrong(totpCode(secret, new Date())) }).expect(401);
    expect(locked.text).toContain('Het e-mailadres of wachtwoord klopt niet');
    await again.get('/admin/taken').expect(303).expect('location', '/admin/inloggen?next=%2Fadmin%2Ftaken');
    const token2 = csrf((await again.get('/admin/inloggen')).text);
    await again.post('/admin/inloggen').type('form').send({ _csrf: token2, email, password: PASSWORD }).expect(401);
    expect(await verifySignIn(sql, email, PASSWORD, '192.0.2.77')).toEqual({ ok: false, reason: 'locked' });

    // A lost phone: an administrator resets it; the sessions end and the password alone signs in again.
    await sql`DELETE FROM sign_in_failures WHERE email = ${email}`;
    const admin = await signIn('admin');
    const id = (await sql<{ id: number }[]>`SELECT id::int AS id FROM staff WHERE email = ${email}`)[0]!.id;
    const adminToken = await tokenFor(admin, '/admin/accounts');
    await admin.post(`/admin/accounts/${id}`).type('form').send({ _csrf: adminToken, twoFactor: 'off' }).expect(303);
    await agent.get('/admin/taken').expect(303);
    await (await signInAs(app, email, PASSWORD)).get('/admin/taken').expect(200);
    const actions = await sql<{ action: string }[]>`SELECT action FROM audit_log WHERE staff_email = ${email} ORDER BY id`;
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['two-factor.set-up-refused', 'two-factor.on', 'signed-in-password', 'signed-in']));
  });

  test('when the setting requires it, administrators and coordinators set up two-factor sign-in before anything else; agents need not', async () => {
    const email = `coord2fa.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email, name: 'Coördinator Tweestaps', role: 'coordinator', password: PASSWORD });
    await saveSetting(sql, 'security', { twoFactorRequired: true }, 'test');
    try {
      const coordinator = await signInAs(app, email, PASSWORD);
      await coordinator.get('/admin/zaken').expect(303).expect('location', '/admin/tweestaps');
      const setup = await coordinator.get('/admin/tweestaps').expect(200);
      expect(setup.text).toContain('Voor jouw rol is tweestapsverificatie verplicht');
      await (await signIn('agent')).get('/admin/zaken').expect(200);

      const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replace(/ /g, '');
      await coordinator.post('/admin/tweestaps/aanzetten').type('form').send({ _csrf: csrf(setup.text), code: totpCode(secret, new Date()) }).expect(303);
      await coordinator.get('/admin/zaken').expect(200);
      // Required for the role: it cannot be turned off.
      const off = await coordinator.post('/admin/tweestaps/uitzetten').type('form')
        .send({ _csrf: csrf(setup.text), current: PASSWORD, code: totpCode(secret, new Date(Date.now() + 30_000)) }).expect(422);
      expect(off.text).toContain('uitzetten kan niet');
    } finally {
      await saveSetting(sql, 'security', { twoFactorRequired: false }, 'test');
    }
  });

  test('English stays English across redirects: claiming a task, registering a phone case, signing out', async () => {
    const { reference } = await openCase();
    const agent = await signIn('agent');
    const inbox = await agent.get('/admin/taken?view=unassigned&lang=en').expect(200);
    expect(inbox.text).toMatch(/\/oppakken\?lang(=|&#x3D;)en"/);
    const id = (await sql<{ id: number }[]>`SELECT id::int AS id FROM tasks WHERE reference = ${reference} AND kind = 'triage'`)[0]!.id;
    await agent.post(`/admin/taken/${id}/oppakken?lang=en`).type('form').send({ _csrf: csrf(inbox.text), view: 'unassigned' })
      .expect(303).expect('location', '/admin/taken?view=unassigned&lang=en');
    const phone = await agent.get('/admin/telefoon?lang=en').expect(200);
    const registered = await agent.post('/admin/telefoon?lang=en').type('form').send({
      _csrf: csrf(phone.text), submissionId: randomUUID(), caseType: 'complaint', name: 'Piet Engels', email: '', language: 'en',
      receivedAt: new Date(Date.now() - 3_600_000).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T').slice(0, 16),
      category: 'other', description: 'Called about the invoice of last month.',
    }).expect(303);
    expect(registered.headers.location).toMatch(/^\/admin\/zaken\/KL-\d{4}-\d{6}\?geregistreerd=1&lang=en$/);
    await agent.post('/admin/uitloggen?lang=en').type('form').send({ _csrf: csrf(phone.text) }).expect(303).expect('location', '/admin/inloggen?lang=en');
  });

  test('a sign-in only redirects within the admin area', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/admin/inloggen?next=https://evil.example/').expect(200);
    expect(page.text).toContain('name="next" value="/admin"');
    await agent.post('/admin/inloggen').type('form')
      .send({ _csrf: csrf(page.text), email: staff.agent, password: PASSWORD, next: '//evil.example' }).expect(303).expect('location', '/admin');
  });
});

describe('CSRF', () => {
  test('every state-changing request without a valid token is refused', async () => {
    const { reference } = await openCase();
    const agent = await signIn('coordinator');
    for (const path of [`/admin/zaken/${reference}/actie/addNote`, '/admin/telefoon', '/admin/uitloggen', '/admin/taken/1/afronden']) {
      await agent.post(path).type('form').send({ text: 'x', _csrf: 'forged' }).expect(403);
    }
    const admin = await signIn('admin');
    await admin.post('/admin/instellingen').type('form').send({ objectionWindow: '1' }).expect(403);
    await admin.post('/admin/accounts').type('form').send({ email: 'x@ccv.test', name: 'x', role: 'admin' }).expect(403);
    expect((await loadSettings(sql)).policy.objectionWindowDays).not.toBe(1);
  });

  test('a form of one of our pages whose token expired leads back to that page to put the typed text back; nothing is done', async () => {
    const { reference, handle } = await openCase();
    const agent = await signIn('agent');
    const res = await agent.post(`/admin/zaken/${reference}/actie/addNote?lang=en`).type('form')
      .set('Host', 'klachtflow.test').set('Referer', `http://klachtflow.test/admin/zaken/${reference}?lang=en`)
      .send({ text: 'Notitie die bewaard moet blijven', _csrf: 'expired' }).expect(303);
    expect(res.headers.location).toBe(`/admin/zaken/${reference}?lang=en&herstel=1&verlopen=1`);
    const page = (await agent.get(res.headers.location!).expect(200)).text;
    expect(page).toContain(' data-restore-drafts>');
    expect(page).toContain('This form had expired and was not sent: nothing was done.');
    expect((await handle.query(caseStateQuery)).timeline.map((e) => e.text)).not.toContain('Notitie die bewaard moet blijven');
    // Another site's page is no page of ours: refused as before.
    await agent.post(`/admin/zaken/${reference}/actie/addNote`).type('form')
      .set('Referer', 'https://elders.example/admin/zaken').send({ text: 'x', _csrf: 'forged' }).expect(403);
  });
});

describe('roles: checked on every route', () => {
  const routes: [string, string, Role[]][] = [
    ['GET', '/admin/taken', ['agent', 'team-lead', 'coordinator']],
    ['GET', '/admin/zaken', ['agent', 'team-lead', 'coordinator', 'admin']],
    ['GET', '/admin/zaken?receivedFrom=2013-02-01&breach=any', ['agent', 'team-lead', 'coordinator', 'admin']],
    ['GET', '/admin/analyse', ['team-lead', 'coordinator', 'admin', 'governance']],
    // The export lists references: for those who may see cases as well as the analysis.
    ['GET', '/admin/analyse/export.csv', ['team-lead', 'coordinator', 'admin']],
    ['GET', '/admin/telefoon', ['agent', 'team-lead', 'coordinator']],
    ['GET', '/admin/instellingen', ['admin']],
    ['GET', '/admin/accounts', ['admin']],
    ['GET', '/admin/rapportages', ['coordinator', 'admin']],
    ['GET', '/admin/analyse/wat-als', ['coordinator', 'admin']],
    ['GET', '/admin/verbeteracties', ['agent', 'team-lead', 'coordinator', 'admin']],
    ['GET', '/admin/wachtwoord', ['agent', 'team-lead', 'coordinator', 'admin', 'governance']],
    ['GET', '/admin/tweestaps', ['agent', 'team-lead', 'coordinator', 'admin', 'governance']],
  ];

  test.each(routes)('%s %s', async (_method, path, allowed) => {
    await request(app).get(path).expect(303); // signed out: to the sign-in page
    for (const role of Object.keys(staff) as Role[]) {
      const agent = await signIn(role);
      const res = await agent.get(path);
      expect([role, res.status]).toEqual([role, allowed.includes(role) ? 200 : 403]);
    }
  });

  test('each role lands where its work is: a governance body\'s member on the analysis', async () => {
    const landing: Record<Role, string> = {
      agent: '/admin/taken', 'team-lead': '/admin/taken', coordinator: '/admin/taken', admin: '/admin/zaken', governance: '/admin/analyse',
    };
    for (const role of Object.keys(staff) as Role[]) {
      const res = await (await signIn(role)).get('/admin').expect(303);
      expect([role, res.headers.location]).toEqual([role, landing[role]]);
    }
  });

  test('every state-changing route refuses the roles without its permission', async () => {
    const { reference } = await openCase();
    const taskId = (await sql<{ id: number }[]>`SELECT id::int AS id FROM tasks WHERE reference = ${reference}`)[0]!.id;
    const staffId = (await sql<{ id: number }[]>`SELECT id::int AS id FROM staff WHERE email = ${staff.agent}`)[0]!.id;
    const routes: [string, Role[]][] = [
      [`/admin/taken/${taskId}/oppakken`, ['admin', 'governance']],
      [`/admin/taken/${taskId}/afronden`, ['admin', 'governance']],
      [`/admin/taken/${taskId}/toewijzen`, ['agent', 'admin', 'governance']],
      [`/admin/zaken/${reference}/actie/addNote`, ['admin', 'governance']],
      [`/admin/zaken/${reference}/actie/takeCase`, ['admin', 'governance']],
      [`/admin/zaken/${reference}/actie/assignHandler`, ['agent', 'admin', 'governance']],
      [`/admin/zaken/${reference}/actie/recomputeDeadlines`, ['agent', 'admin', 'governance']],
      [`/admin/zaken/${reference}/actie/objectionDecided`, ['agent', 'team-lead', 'admin', 'governance']],
      [`/admin/zaken/${reference}/betreft`, ['agent', 'admin', 'governance']],
      [`/admin/zaken/${reference}/betreft/verwijderen`, ['agent', 'admin', 'governance']],
      ['/admin/telefoon', ['admin', 'governance']],
      ['/admin/instellingen', ['agent', 'team-lead', 'coordinator', 'governance']],
      ['/admin/accounts', ['agent', 'team-lead', 'coordinator', 'governance']],
      [`/admin/accounts/${staffId}`, ['agent', 'team-lead', 'coordinator', 'governance']],
      ['/admin/rapportages/organen', ['agent', 'team-lead', 'governance']],
      ['/admin/rapportages/organen/1', ['agent', 'team-lead', 'governance']],
      ['/admin/rapportages/1/opnieuw', ['agent', 'team-lead', 'governance']],
      ['/admin/verbeteracties/1/afronden', ['admin', 'governance']],
    ];
    for (const role of Object.keys(staff) as Role[]) {
      const agent = await signIn(role);
      const token = await tokenFor(agent, role === 'admin' ? '/admin/accounts' : '/admin/zaken');
      for (const [path] of routes.filter(([, r]) => r.includes(role))) {
        const res = await agent.post(path).type('form').send({ _csrf: token, text: 'x', role: 'admin', active: '0' });
        expect([role, path, res.status, res.text.includes('Je hebt geen toegang')]).toEqual([role, path, 403, true]);
      }
    }
    expect((await sql<{ active: boolean }[]>`SELECT active FROM staff WHERE id = ${staffId}`)[0]!.active).toBe(true);
    // Reading a case is for every role, the administrator included; a governance body sees figures only.
    for (const role of Object.keys(staff) as Role[]) {
      await (await signIn(role)).get(`/admin/zaken/${reference}`).expect(role === 'governance' ? 403 : 200);
    }
  });

  test('a CSRF token of another session is refused', async () => {
    const { reference } = await openCase();
    const mallory = await signIn('agent');
    const stolen = await tokenFor(mallory);
    const victim = await signIn('coordinator');
    await tokenFor(victim); // the victim has a token cookie of their own
    await victim.post(`/admin/zaken/${reference}/actie/addNote`).type('form').send({ _csrf: stolen, text: 'x' }).expect(403);
  });

  test('actions need their permission: an administrator cannot act on a case, an agent cannot decide an objection or change settings', async () => {
    const { reference } = await openCase();
    const admin = await signIn('admin');
    const adminToken = await tokenFor(admin);
    const refusedAdmin = await admin.post(`/admin/zaken/${reference}/actie/addNote`).type('form').send({ _csrf: adminToken, text: 'Mag niet' }).expect(403);
    expect(refusedAdmin.text).toContain('Je hebt geen toegang tot deze pagina.');
    const agent = await signIn('agent');
    const token = await tokenFor(agent);
    for (const [path, body] of [
      [`/admin/zaken/${reference}/actie/objectionDecided`, { decision: 'x' }],
      [`/admin/zaken/${reference}/actie/recomputeDeadlines`, {}],
      ['/admin/instellingen', {}],
      ['/admin/accounts', { email: 'a@b.nl', name: 'x', role: 'admin' }],
      ['/admin/taken/1/toewijzen', { assignee: staff.agent }],
    ] as const) {
      const res = await agent.post(path).type('form').send({ _csrf: token, ...body });
      expect([path, res.status, res.text.includes('Je hebt geen toegang')]).toEqual([path, 403, true]);
    }
  });
});

describe('working a case', () => {
  test('each action reaches the workflow and shows on the timeline and in the audit log', async () => {
    const { reference, handle } = await openCase();
    const lead = await signIn('team-lead');
    const act = async (action: string, body: Record<string, string>) => {
      // The token first: a request takes the cookies the agent has when it is made.
      const token = await tokenFor(lead, `/admin/zaken/${reference}`);
      const res = await lead.post(`/admin/zaken/${reference}/actie/${action}`).type('form').send({ _csrf: token, ...body });
      expect([action, res.status]).toEqual([action, 303]);
      return lead.get(res.headers.location!).expect(200);
    };

    let page = await act('assignHandler', { handler: staff.agent });
    expect(page.text).toContain('Uitgevoerd: Behandelaar toewijzen.');
    page = await act('requestInformation', { question: 'Welk serienummer heeft de terminal?' });
    page = await act('addNote', { text: 'Klant is erg boos' });
    page = await act('substantiveResponseSent', { text: 'We hebben de storing gevonden.' });
    page = await act('addProposal', { text: 'We vervangen de terminal.' });
    page = await act('markComplex', { reason: 'Leverancier moet meekijken.', expectedDate: '2099-02-01' });
    page = await act('resolve', { outcome: 'Gegrond.', solution: 'Nieuwe terminal.', justified: 'justified', rootCause: 'product' });
    await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
    page = await act('objection', { reason: 'Telefonisch: klant is het niet eens.' });

    const state = await handle.query(caseStateQuery);
    expect(state.timeline.map((e) => [e.event, e.actor])).toEqual([
      ['received', 'systeem'], ['acknowledgement-sent', 'systeem'],
      ['handler-assigned', ids['team-lead']], ['information-requested', ids['team-lead']], ['note', ids['team-lead']],
      ['substantive-response-sent', ids['team-lead']], ['proposal', ids['team-lead']], ['marked-complex', ids['team-lead']],
      ['resolved', ids['team-lead']], ['objection', ids['team-lead']],
    ]);
    expect(state.handler).toBe(ids.agent);
    page = await lead.get(`/admin/zaken/${reference}`).expect(200);
    expect(page.text).toContain('Klant is erg boos');
    expect(page.text).toContain('Welk serienummer heeft de terminal?');
    expect(page.text).toContain('>Test team-lead</span> · Uitkomst vastleggen ·'); // the audit log, in words
    // The team lead is not the handler, but deciding on objections is the coordinator's.
    expect(page.text).not.toContain('actie/objectionDecided');
  });

  test('a view of the case page asks nothing of Temporal: state, deadlines and the agent\'s actions come from the read model', async () => {
    const { reference, handle } = await openCase();
    await handle.executeUpdate('assignHandler', { args: [{ handler: ids.agent, by: ids['team-lead'], handlerRef: ids.agent }] });
    await handle.executeUpdate('addNote', { args: [{ text: 'Gebeld, klant is bereikbaar na 17 uur.', by: ids.agent }] });
    await readModelCaughtUp(sql, handle);
    const agent = await signInAs(stack.offlineApp(), staff.agent, PASSWORD);
    const page = await agent.get(`/admin/zaken/${reference}`).expect(200);
    expect(page.text).not.toContain('niet op te halen');
    expect(page.text).toContain('Gebeld, klant is bereikbaar na 17 uur.');
    expect(page.text).toContain('in behandeling');
    // The case is the agent's own (named by staff id in the workflow and in the read model's state): their actions show.
    expect(page.text).toContain('actie/requestInformation');
    expect(page.text).toContain('actie/substantiveResponseSent');
  });

  test('two agents taking the same case at once: one gets it, the other is told who has it', async () => {
    const { reference, handle } = await openCase();
    const other = `agent2.${randomUUID().slice(0, 6)}@ccv.test`;
    const second = await createStaff(sql, { email: other, name: 'Test agent 2', role: 'agent', password: PASSWORD });
    const agents = [await signIn('agent'), await signInAs(app, other, PASSWORD)];
    const tokens = await Promise.all(agents.map((a) => tokenFor(a, `/admin/zaken/${reference}`)));
    const answers = await Promise.all(agents.map((a, i) =>
      a.post(`/admin/zaken/${reference}/actie/takeCase`).type('form').send({ _csrf: tokens[i] })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 422]);
    const [winner, name] = answers[0]!.status === 303 ? [ids.agent, 'Test agent'] : [staffRef(second.id), 'Test agent 2'];
    expect((await handle.query(caseStateQuery)).handler).toBe(winner);
    // The workflow names the winner by staff id; the page by name.
    expect(answers.find((r) => r.status === 422)!.text).toContain(`De zaak is al opgepakt door ${name}.`);
  });

  test('an agent acts on their own and unassigned cases only; team leads on all', async () => {
    const { reference, handle } = await openCase();
    const agent = await signIn('agent');
    // Unassigned: the agent may add a note.
    const token = await tokenFor(agent, `/admin/zaken/${reference}`);
    await agent.post(`/admin/zaken/${reference}/actie/addNote`).type('form').send({ _csrf: token, text: 'Eerste notitie.' }).expect(303);
    await handle.executeUpdate('assignHandler', { args: [{ handler: staff.coordinator, by: staff['team-lead'] }] });
    await readModelCaughtUp(sql, handle);
    const page = await agent.get(`/admin/zaken/${reference}`).expect(200);
    expect(page.text).not.toContain('actie/addNote');
    const refused = await agent.post(`/admin/zaken/${reference}/actie/addNote`).type('form')
      .send({ _csrf: csrf(page.text), text: 'Tweede notitie.' }).expect(422);
    expect(refused.text).toContain(`Deze zaak wordt behandeld door ${staff.coordinator}`);
    const lead = await signIn('team-lead');
    const leadToken = await tokenFor(lead, `/admin/zaken/${reference}`);
    await lead.post(`/admin/zaken/${reference}/actie/addNote`).type('form').send({ _csrf: leadToken, text: 'Notitie van de teamleider.' }).expect(303);
    const notes = (await handle.query(caseStateQuery)).timeline.filter((e) => e.event === 'note').map((e) => e.text);
    expect(notes).toEqual(['Eerste notitie.', 'Notitie van de teamleider.']);
  });

  test('a case marked as concerning a staff member is hidden from them everywhere and cannot be given to them', async () => {
    const { reference, handle } = await openCase();
    const subject = `agent3.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email: subject, name: 'Betrokken Behandelaar', role: 'agent', password: PASSWORD });
    const lead = await signIn('team-lead');
    const leadToken = await tokenFor(lead, `/admin/zaken/${reference}`);
    const mark = (email: string) => lead.post(`/admin/zaken/${reference}/betreft`).type('form').send({ _csrf: leadToken, staff: email });

    // The handler must hand the case over first.
    await handle.executeUpdate('assignHandler', { args: [{ handler: subject, by: staff['team-lead'] }] });
    expect((await mark(subject).expect(422)).text).toContain('deze medewerker behandelt de zaak');
    await handle.executeUpdate('assignHandler', { args: [{ handler: staff.agent, by: staff['team-lead'] }] });
    const triage = (await sql<{ id: number }[]>`SELECT id::int AS id FROM tasks WHERE reference = ${reference} AND kind = 'triage'`)[0]!.id;
    // The triage task followed the case to its handler; a team lead gives it to the subject.
    await eventually(async () => (await listTasks(sql, reference)).find((t) => t.kind === 'triage')?.assignee === staff.agent, 'the task following the handler');
    expect(await assignTask(sql, triage, { email: subject, role: 'agent' })).toBe('done');
    const eventKey = `improvement-${randomUUID().slice(0, 6)}`;
    await insertImprovementAction(sql, { reference, eventKey, text: `Gedragscode bespreken ${eventKey}`, owner: staff.agent, dueDate: '2030-01-31', createdAt: new Date().toISOString() });

    await mark(subject).expect(303);
    const leadPage = await lead.get(`/admin/zaken/${reference}`).expect(200);
    expect(leadPage.text).toContain(`Betrokken Behandelaar (${subject})`);
    expect(leadPage.text).toContain(`gemarkeerd door ${staff['team-lead']}`);
    // Their open task of the case went back to the pool.
    expect((await sql<{ assignee: string | null }[]>`SELECT assignee FROM tasks WHERE id = ${triage}`)[0]!.assignee).toBeNull();

    // For the staff member the case does not exist: not in the list, not its page, its actions, tasks or improvement actions.
    const them = await signInAs(app, subject, PASSWORD);
    const listed = (page: { text: string }) => page.text.includes(`href="/admin/zaken/${reference}"`);
    const hidden = await them.get(`/admin/zaken?q=${reference}`).expect(200);
    expect(listed(hidden)).toBe(false);
    expect(hidden.text).toContain('>0 zaken<');
    await them.get(`/admin/zaken/${reference}`).expect(404);
    const token = await tokenFor(them);
    await them.post(`/admin/zaken/${reference}/actie/addNote`).type('form').send({ _csrf: token, text: 'Mijn kant.' }).expect(404);
    for (const view of ['unassigned', 'all', 'team']) expect((await them.get(`/admin/taken?view=${view}`).expect(200)).text).not.toContain(reference);
    expect((await them.get('/admin/verbeteracties').expect(200)).text).not.toContain(eventKey);
    expect(await claimTask(sql, triage, { email: subject, role: 'agent' })).toBe('excluded');
    expect(await completeTask(sql, triage, { email: subject, role: 'team-lead' }, true)).toBe('excluded');
    // Nor can anyone give it to them.
    expect((await lead.post(`/admin/zaken/${reference}/actie/assignHandler`).type('form').send({ _csrf: leadToken, handler: subject }).expect(422)).text)
      .toContain('deze zaak gaat over deze medewerker');
    expect(await assignTask(sql, triage, { email: subject, role: 'agent' })).toBe('excluded');
    expect(leadPage.text).not.toContain(`<option value="${subject}">`);
    // Others still see it; the audit log says who marked whom.
    const shown = await (await signIn('agent')).get(`/admin/zaken?q=${reference}`).expect(200);
    expect(listed(shown)).toBe(true);
    expect(shown.text).toContain('>1 zaak<'); // not "1 zaken"
    const audit = await sql<{ action: string; detail: Record<string, unknown> }[]>`
      SELECT action, detail FROM audit_log WHERE reference = ${reference} AND action LIKE 'case.%Concern' ORDER BY id`;
    expect(audit.map((a) => [a.action, a.detail.staff, Boolean(a.detail.refused)])).toEqual([
      ['case.markConcern', subject, true], ['case.markConcern', subject, false],
    ]);

    // The mark removed, the case is theirs to see again.
    await lead.post(`/admin/zaken/${reference}/betreft/verwijderen`).type('form').send({ _csrf: leadToken, staff: subject }).expect(303);
    await them.get(`/admin/zaken/${reference}`).expect(200);
    expect((await them.get('/admin/verbeteracties').expect(200)).text).toContain(eventKey);
  });

  test('"Voorbeeld e-mail" shows the email as the customer will get it, in the form, and sends nothing; the email sent afterwards is the same', async () => {
    const { reference, handle } = await openCase();
    const lead = await signIn('team-lead');
    const page = (await lead.get(`/admin/zaken/${reference}`).expect(200)).text;
    expect(page).toContain('name="preview" value="1">Voorbeeld e-mail</button>');
    const text = 'We hebben de storing gevonden: de terminal krijgt vandaag een update.';
    const previewed = await lead.post(`/admin/zaken/${reference}/actie/substantiveResponseSent`).type('form')
      .send({ _csrf: csrf(page), text, preview: '1' }).expect(200);
    const shown = /data-testid="email-preview">[\s\S]*?<strong>Onderwerp:<\/strong> ([^<]*)<\/p>\s*<pre>([\s\S]*?)<\/pre>/.exec(previewed.text)!;
    expect(shown[1]).toBe(`Onze reactie op je klacht (${reference})`);
    expect(shown[2]).toContain(text);
    expect(shown[2]).toContain('[persoonlijke statuslink van de klant]');
    expect(previewed.text).toContain(`>${text}</textarea>`); // the form stays open with the text
    expect((await handle.query(caseStateQuery)).substantiveResponseAt).toBeUndefined();
    const unescape = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

    await lead.post(`/admin/zaken/${reference}/actie/substantiveResponseSent`).type('form').send({ _csrf: csrf(previewed.text), text }).expect(303);
    const sent = await eventually(async () => (await listOutbox(sql, reference)).find((m) => m.template === 'substantive-response'), 'the response email');
    expect(sent.subject).toBe(unescape(shown[1]!));
    expect(sent.textBody.split(STATUS_LINK_PLACEHOLDER).join('[persoonlijke statuslink van de klant]')).toBe(unescape(shown[2]!));
  });

  test('two people on one case: the page names the colleague who has it open, and a form sent after a colleague acted comes back first', async () => {
    const { reference, handle } = await openCase();
    const lead = await signIn('team-lead');
    const agent = await signIn('agent');
    const leadPage = (await lead.get(`/admin/zaken/${reference}`).expect(200)).text;
    const agentPage = (await agent.get(`/admin/zaken/${reference}`).expect(200)).text;
    expect(agentPage).toMatch(/data-testid="colleagues">Let op: een collega heeft deze zaak ook open: Test team-lead \(\d+ min geleden\)/);
    const seenBy = (html: string) => /name="seen" value="(\d+)"/.exec(html)![1]!;
    await agent.post(`/admin/zaken/${reference}/actie/addNote`).type('form')
      .send({ _csrf: csrf(agentPage), seen: seenBy(agentPage), text: 'Klant gebeld: hij stuurt de factuur.' }).expect(303);
    // The team lead's form was made before the agent's note.
    const stale = await lead.post(`/admin/zaken/${reference}/actie/addNote`).type('form')
      .send({ _csrf: csrf(leadPage), seen: seenBy(leadPage), text: 'Mijn eigen notitie.' }).expect(422);
    expect(stale.text).toContain('intussen is er iets gebeurd in deze zaak: Notitie (Test agent)');
    expect(stale.text).toContain('Mijn eigen notitie.</textarea>');
    expect((await handle.query(caseStateQuery)).timeline.filter((e) => e.event === 'note')).toHaveLength(1);
    // Seen now: sent again, it goes through.
    await lead.post(`/admin/zaken/${reference}/actie/addNote`).type('form')
      .send({ _csrf: csrf(stale.text), seen: seenBy(stale.text), text: 'Mijn eigen notitie.' }).expect(303);
    expect((await handle.query(caseStateQuery)).timeline.filter((e) => e.event === 'note').map((e) => e.text))
      .toEqual(['Klant gebeld: hij stuurt de factuur.', 'Mijn eigen notitie.']);
  });

  test('a refused action shows the workflow\'s reason and changes nothing', async () => {
    const { reference, handle } = await openCase();
    const agent = await signIn('agent');
    const before = await handle.query(caseStateQuery);
    const token = await tokenFor(agent, `/admin/zaken/${reference}`);
    const res = await agent.post(`/admin/zaken/${reference}/actie/addProposal`).type('form').send({ _csrf: token, text: 'Voorstel' })
      .expect(422);
    expect(res.text).toContain('Niet uitgevoerd: Verstuur eerst de inhoudelijke reactie.');
    expect((await handle.query(caseStateQuery)).timeline).toEqual(before.timeline);
    const audit = await sql<{ action: string; detail: { refused?: string } }[]>`
      SELECT action, detail FROM audit_log WHERE reference = ${reference}`;
    expect(audit).toEqual([{ action: 'case.addProposal', detail: { refused: 'Verstuur eerst de inhoudelijke reactie.' } }]);
  });

  test('the objection is decided by the coordinator, never by anyone who handled the case', async () => {
    const { reference, handle } = await openCase();
    const coordinator = await signIn('coordinator');
    const token = await tokenFor(coordinator, `/admin/zaken/${reference}`); // before any request below: see act()
    const act = (action: string, body: Record<string, string>) => coordinator.post(`/admin/zaken/${reference}/actie/${action}`).type('form').send({ _csrf: token, ...body });
    // The coordinator handled the case first, then handed it to an agent who recorded the outcome.
    await act('assignHandler', { handler: staff.coordinator }).expect(303);
    await act('assignHandler', { handler: staff.agent }).expect(303);
    await handle.executeUpdate('resolve', { args: [{ outcome: 'Ongegrond.', solution: 'Geen.', by: ids.agent, justified: 'justified', rootCause: 'product' }] });
    await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
    await act('objection', { reason: 'Oneens.' }).expect(303);
    expect((await act('objectionDecided', { decision: 'Zelf beslist.' }).expect(422)).text).toContain('niet bij de behandeling betrokken');
    expect((await act('assignHandler', { handler: staff['team-lead'] }).expect(422)).text).toContain('Tijdens een bezwaar');

    // Another coordinator, who never touched the case, decides.
    const other = `coordinator2.${randomUUID().slice(0, 6)}@ccv.test`;
    await createStaff(sql, { email: other, name: 'Tweede coördinator', role: 'coordinator', password: PASSWORD });
    const agent = request.agent(app);
    const login = await agent.get('/admin/inloggen');
    await agent.post('/admin/inloggen').type('form').send({ _csrf: csrf(login.text), email: other, password: PASSWORD }).expect(303);
    const otherToken = await tokenFor(agent, `/admin/zaken/${reference}`);
    await agent.post(`/admin/zaken/${reference}/actie/objectionDecided`).type('form')
      .send({ _csrf: otherToken, decision: 'Gegrond na herbeoordeling.', upheld: 'on' }).expect(303);
    expect((await handle.result()).closure).toBe('objection-decided');
  });
});

describe('inbox, phone registration, settings, accounts', () => {
  test('tasks: claim, complete; an objection review cannot be claimed by the handler', async () => {
    const { reference, handle } = await openCase();
    const agent = await signIn('agent');
    // The newest deadlines first: the run's other cases, due earlier, do not push this one off the page.
    let inbox = await agent.get('/admin/taken?view=unassigned&dir=desc').expect(200);
    expect(inbox.text).toContain(`Beoordeel klacht ${reference}`);
    const [triage] = await listTasks(sql, reference);
    const id = (await sql<{ id: number }[]>`SELECT id::int AS id FROM tasks WHERE reference = ${reference} AND kind = 'triage'`)[0]!.id;
    await agent.post(`/admin/taken/${id}/oppakken`).type('form').send({ _csrf: csrf(inbox.text), view: 'unassigned' }).expect(303);
    inbox = await agent.get('/admin/taken?view=mine').expect(200);
    expect(inbox.text).toContain(`Beoordeel klacht ${reference}`);
    await agent.post(`/admin/taken/${id}/afronden`).type('form').send({ _csrf: csrf(inbox.text), view: 'mine' }).expect(303);
    expect((await listTasks(sql, reference))[0]).toMatchObject({ eventKey: triage!.eventKey, status: 'done' });

    await handle.executeUpdate('assignHandler', { args: [{ handler: staff.agent, by: staff['team-lead'] }] });
    await handle.executeUpdate('resolve', { args: [{ outcome: 'x', solution: 'y', by: staff.agent, justified: 'justified', rootCause: 'product' }] });
    await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
    await handle.signal('objection', { reason: 'Oneens' });
    const review = await eventually(async () => (await sql<{ id: number }[]>`
      SELECT id::int AS id FROM tasks WHERE reference = ${reference} AND kind = 'objection-review'`)[0], 'the review task');
    const refused = await agent.post(`/admin/taken/${review.id}/oppakken`).type('form').send({ _csrf: csrf(inbox.text) }).expect(403);
    expect(refused.text).toContain('die was bij de behandeling van de zaak betrokken'); // excluded, and a coordinator's task besides
    await agent.post(`/admin/taken/${review.id}/afronden`).type('form').send({ _csrf: csrf(inbox.text) }).expect(403);
    // Completing checks the exclusions as claiming does, also for someone who may assign tasks.
    expect(await completeTask(sql, review.id, { email: staff.agent, role: 'team-lead' }, true)).toBe('excluded');
    const lead = await signIn('team-lead');
    const leadToken = await tokenFor(lead, '/admin/taken');
    const excluded = await lead.post(`/admin/taken/${review.id}/toewijzen`).type('form')
      .send({ _csrf: leadToken, assignee: staff.agent }).expect(403);
    expect(excluded.text).toContain('Deze taak');
    await lead.post(`/admin/taken/${review.id}/toewijzen`).type('form').send({ _csrf: leadToken, assignee: staff.coordinator }).expect(303);
    const [task] = await sql<{ assignee: string }[]>`SELECT assignee FROM tasks WHERE id = ${review.id}`;
    expect(task!.assignee).toBe(staff.coordinator);
  });

  test('a phone complaint is registered with the time of the call and the staff member', async () => {
    const agent = await signIn('agent');
    const form = await agent.get('/admin/telefoon').expect(200);
    const invalid = await agent.post('/admin/telefoon').type('form').send({ _csrf: csrf(form.text), name: 'Bas', receivedAt: '2999-01-01T10:00' }).expect(422);
    expect(invalid.text).toContain('Vul een tijdstip in van de afgelopen 30 dagen, niet in de toekomst.');
    expect(invalid.text).toContain('value="Bas"');
    // Three days ago, as entered in Amsterdam time.
    const call = new Date(Date.now() - 3 * 86_400_000);
    call.setUTCSeconds(0, 0);
    const local = call.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T').slice(0, 16);
    const res = await agent.post('/admin/telefoon').type('form').send({
      _csrf: csrf(form.text), submissionId: randomUUID(), caseType: 'complaint', name: 'Bas Bakker', email: '', receivedAt: local,
      category: 'malfunction', description: 'Belde over een terminal die steeds herstart.', language: 'nl',
    }).expect(303);
    const reference = /\/admin\/zaken\/([^?]+)\?geregistreerd=1$/.exec(res.headers.location!)![1]!;
    const stored = await getCase(sql, reference);
    expect(stored).toMatchObject({ channel: 'phone', email: null, registeredBy: staff.agent });
    expect(stored!.receivedAt.toISOString()).toBe(call.toISOString());
    const page = await agent.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Bas Bakker');
  });

  test('settings are validated, saved, audited with old and new values, and apply to new cases', async () => {
    const admin = await signIn('admin');
    const page = await admin.get('/admin/instellingen').expect(200);
    const form = { _csrf: csrf(page.text), closureDays: '2099-12-31', liberationDay: 'every-year', warnings: '25, 30', objectionWindow: '14',
      objectionReview: '10', maxMessages: '20', ...retentionForm(DEFAULT_RETENTION) };
    const bad = await admin.post('/admin/instellingen').type('form').send({ ...form, closureDays: '31-12-2099' }).expect(422);
    // The form comes back as typed, the message at the field and in a summary that links there.
    expect(bad.text).toContain('<title>Fout: ');
    expect(bad.text).toContain('<a href="#closureDays">Sluitingsdagen zijn datums als 2026-12-31, één per regel (hoogstens 200).</a>');
    expect(bad.text).toContain('<p class="field-error" id="closureDays-error">');
    expect(bad.text).toMatch(/<textarea id="closureDays" name="closureDays" rows="4" aria-invalid="true" aria-describedby="closureDays-error">31-12-2099<\/textarea>/);
    await admin.post('/admin/instellingen').type('form').send(form).expect(303);
    const settings = await loadSettings(sql);
    expect(settings.calendar.closureDays).toEqual(['2099-12-31']);
    expect(settings.policy.objectionWindowDays).toBe(14);
    const [entry] = await sql<{ detail: { old: { objectionWindowDays: number }; new: { objectionWindowDays: number } } }[]>`
      SELECT detail FROM audit_log WHERE action = 'settings.policy' ORDER BY id DESC LIMIT 1`;
    expect(entry!.detail.old.objectionWindowDays).toBe(30);
    expect(entry!.detail.new.objectionWindowDays).toBe(14);
    // Back to the defaults for the other tests.
    await admin.post('/admin/instellingen').type('form').send({ ...form, closureDays: '', objectionWindow: '30' }).expect(303);
  });

  test('the retention periods are settings: bounded, saved and audited with old and new values', async () => {
    const admin = await signIn('admin');
    const page = await admin.get('/admin/instellingen').expect(200);
    expect(page.text).toContain('<legend>Bewaartermijnen</legend>');
    expect(page.text).toContain('name="closedCaseDays" min="30" max="3650" step="1" value="730"');
    expect((await admin.get('/admin/instellingen?lang=en').expect(200)).text).toContain('<legend>Retention periods</legend>');
    const current = await loadSettings(sql);
    const form = { _csrf: csrf(page.text), closureDays: current.calendar.closureDays.join('\n'), liberationDay: current.calendar.liberationDay,
      ...(current.calendar.goodFriday ? { goodFriday: 'on' } : {}), ...(current.policy.pauseWhileWaitingOnCustomer ? { pause: 'on' } : {}),
      warnings: current.policy.resolutionWarningWorkingDays.join(', '), objectionWindow: String(current.policy.objectionWindowDays),
      objectionReview: String(current.policy.objectionReviewWorkingDays), maxMessages: String(current.policy.maxCustomerMessages),
      ...(current.security.twoFactorRequired ? { twoFactor: 'on' } : {}), ...retentionForm(current.retention) };
    // Audit entries under a year, a missing period: refused with what is allowed, nothing saved.
    const bad = await admin.post('/admin/instellingen').type('form').send({ ...form, auditDays: '100', statusFormNonceDays: '' }).expect(422);
    expect(bad.text).toContain('Niet opgeslagen; verbeter deze velden:');
    expect(bad.text).toContain('<a href="#auditDays">Auditlog (dagen): kies een aantal dagen van 365 tot en met 3650.</a>');
    expect(bad.text).toContain('name="auditDays" min="365" max="3650" step="1" value="100"'); // as typed
    expect(bad.text).toContain('Formuliercodes van de statuspagina (dagen): kies een aantal dagen van 1 tot en met 30.');
    const badEn = await admin.post('/admin/instellingen?lang=en').type('form').send({ ...form, closedCaseDays: '2.5' }).expect(422);
    expect(badEn.text).toContain('Not saved; correct these fields:');
    expect(badEn.text).toContain('Closed cases (days after closure): choose a number of days from 30 to 3650.');
    expect((await loadSettings(sql)).retention).toEqual(current.retention);
    // Only the workflow history changes here: the database's periods are read by retention.test.ts, which may run meanwhile.
    await admin.post('/admin/instellingen').type('form').send({ ...form, workflowHistoryDays: '45' }).expect(303);
    expect((await loadSettings(sql)).retention).toEqual({ ...current.retention, workflowHistoryDays: 45 });
    const entries = await sql<{ staff_email: string; detail: unknown }[]>`
      SELECT staff_email, detail FROM audit_log WHERE action = 'settings.retention' ORDER BY id DESC LIMIT 1`;
    expect(entries).toEqual([{ staff_email: staff.admin, detail: { old: current.retention, new: { ...current.retention, workflowHistoryDays: 45 } } }]);
    // Saved again unchanged: no audit entry; back as it was.
    await admin.post('/admin/instellingen').type('form').send({ ...form, workflowHistoryDays: '45' }).expect(303);
    expect(await sql`SELECT 1 FROM audit_log WHERE action = 'settings.retention' AND staff_email = ${staff.admin}`).toHaveLength(1);
    await admin.post('/admin/instellingen').type('form').send(form).expect(303);
    expect((await loadSettings(sql)).retention).toEqual(current.retention);
  });

  test('administrators create accounts with a one-time password, replaced by its owner at the first sign-in, and deactivate them', async () => {
    const admin = await signIn('admin');
    const page = await admin.get('/admin/accounts').expect(200);
    const email = `new.${randomUUID().slice(0, 6)}@ccv.test`;
    const res = await admin.post('/admin/accounts').type('form').send({ _csrf: csrf(page.text), email, name: 'Nieuw', role: 'agent' }).expect(200);
    const password = /Eenmalig wachtwoord voor [^:]+: ([A-Za-z0-9_-]+)/.exec(res.text)?.[1];
    expect(password).toBeDefined();
    const agent = request.agent(app);
    const login = await agent.get('/admin/inloggen');
    await agent.post('/admin/inloggen').type('form').send({ _csrf: csrf(login.text), email, password }).expect(303);
    // The one-time password leads to "Mijn wachtwoord" until its owner has chosen one.
    await agent.get('/admin/taken').expect(303).expect('location', '/admin/wachtwoord');
    const form = await agent.get('/admin/wachtwoord').expect(200);
    expect(form.text).toContain('Kies eerst je eigen wachtwoord');
    const change = (fields: Record<string, string>) => agent.post('/admin/wachtwoord').type('form').send({ _csrf: csrf(form.text), ...fields });
    expect((await change({ current: 'wrong', password: 'een zin van vier woorden', repeat: 'een zin van vier woorden' }).expect(422)).text)
      .toContain('Je huidige wachtwoord klopt niet.');
    expect((await change({ current: password!, password: 'kort', repeat: 'kort' }).expect(422)).text).toContain('minstens 12 tekens');
    expect((await change({ current: password!, password: 'een zin van vier woorden', repeat: 'een zin van vijf woorden' }).expect(422)).text)
      .toContain('niet gelijk');
    await change({ current: password!, password: 'een zin van vier woorden', repeat: 'een zin van vier woorden' }).expect(303);
    await agent.get('/admin/taken').expect(200);
    // The one-time password no longer works; the chosen one does.
    expect(await verifySignIn(sql, email, password!)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifySignIn(sql, email, 'een zin van vier woorden')).toMatchObject({ ok: true, staff: { mustChangePassword: false } });
    const id = (await sql<{ id: number }[]>`SELECT id::int AS id FROM staff WHERE email = ${email}`)[0]!.id;
    await admin.post(`/admin/accounts/${id}`).type('form').send({ _csrf: csrf(page.text), active: '0' }).expect(303);
    await agent.get('/admin/taken').expect(303); // the session ended with the account
  });

  test('the coordinator adds a governance body: a refused form keeps what was typed, a saved one gets its Schedule', async () => {
    const coordinator = await signIn('coordinator');
    const page = await coordinator.get('/admin/rapportages').expect(200);
    const name = `Klachtencommissie ${randomUUID().slice(0, 6)}`;
    const form = { _csrf: csrf(page.text), name, recipients: 'commissie@ccv.test\ngeen-adres', language: 'nl', frequency: 'quarterly',
      sections: ['volume', 'timeliness'], sendHour: '8', active: 'on' };
    const refused = await coordinator.post('/admin/rapportages/organen').type('form').send(form).expect(422);
    expect(refused.text).toContain('Een van de adressen is geen geldig e-mailadres.');
    expect(refused.text).toContain(`value="${name}"`);
    expect(refused.text).toContain('geen-adres</textarea>');
    await coordinator.post('/admin/rapportages/organen').type('form').send({ ...form, recipients: 'commissie@ccv.test' })
      .expect(303).expect('location', '/admin/rapportages?gedaan=opgeslagen');
    const [body] = await sql<{ id: number; sections: string[]; sendHour: number }[]>`
      SELECT id::int AS id, sections, send_hour AS "sendHour" FROM governance_bodies WHERE name = ${name}`;
    expect(body).toMatchObject({ sections: ['volume', 'timeliness'], sendHour: 8 });
    const schedule = await client.schedule.getHandle(`governance-report-${body!.id}`).describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }] });
    await sql`UPDATE governance_bodies SET active = false WHERE id = ${body!.id}`;
    await client.schedule.getHandle(`governance-report-${body!.id}`).delete();
  });

  test('what if: a proposal is measured beside the rules in force; a bad request is a 400 with the reason', async () => {
    const coordinator = await signIn('coordinator');
    const page = await coordinator.get('/admin/analyse/wat-als?from=2035-01-01&to=2035-01-31&responseDays=6&pause=on').expect(200);
    expect(page.text).toContain('januari 2035: 0 meldingen');
    expect(page.text).toContain('Het voorstel verandert niets aan deze periode.');
    const bad = await coordinator.get('/admin/analyse/wat-als?from=2035-02-01&to=2035-01-31').expect(400);
    expect(bad.text).toContain('ligt na de einddatum');
    expect(bad.text).toContain('value="2035-02-01"');
    expect((await coordinator.get('/admin/analyse/wat-als?from=2033-01-01&to=2035-01-31').expect(400)).text).toContain('hoogstens een jaar');
    expect((await coordinator.get('/admin/analyse/wat-als?from=2035-01-01&to=2035-01-31&responseDays=0').expect(400)).text)
      .toContain('geheel getal van 1 tot en met 60');
  });

  test('improvement actions are listed with their due date, and the owner marks one done, its task with it', async () => {
    const { reference } = await openCase();
    const eventKey = `improvement-${randomUUID().slice(0, 6)}`;
    await insertImprovementAction(sql, { reference, eventKey, text: 'Factuurtekst verduidelijken', owner: staff.agent, dueDate: '2020-01-31', createdAt: new Date().toISOString() });
    await createTask(sql, { reference, eventKey, kind: 'improvement-action', title: 'Verbeteractie', titleEn: 'Improvement action', role: 'agent',
      assignee: staff.agent, excludeAssignee: null, dueAt: null, createdAt: new Date().toISOString() });
    const agent = await signIn('agent');
    const page = await agent.get('/admin/verbeteracties').expect(200);
    expect(page.text).toContain('Factuurtekst verduidelijken');
    expect(page.text).toContain('over de datum');
    const [action] = await sql<{ id: number }[]>`SELECT id::int AS id FROM improvement_actions WHERE event_key = ${eventKey}`;
    await agent.post(`/admin/verbeteracties/${action!.id}/afronden`).type('form').send({ _csrf: csrf(page.text) }).expect(303);
    const [after] = await sql<{ status: string; doneBy: string }[]>`SELECT status, done_by AS "doneBy" FROM improvement_actions WHERE id = ${action!.id}`;
    expect(after).toEqual({ status: 'done', doneBy: staff.agent });
    expect((await listTasks(sql, reference)).find((t) => t.eventKey === eventKey)?.status).toBe('done');
  });
});
