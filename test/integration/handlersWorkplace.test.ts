/**
 * The handlers' workplace over HTTP against the real stack, with cases and tasks written straight
 * into the read model. The queue (/admin/taken): one row per case with
 * its open tasks, sorted by deadline with a countdown, "my work" by default; the coordinator finds
 * the objection reviews there; tasks follow a newly assigned handler; "Deadline verlopen" finds
 * breached cases and overdue tasks; search finds a phone number, a customer number and any part of
 * a reference; the case list counts its matches up to a limit and looks a reference (or its start)
 * and a whole email address up directly. The queue is shared with the rest of the run's cases, so the checks look at the
 * rows of this test's cases (assigned to its own staff, or due long ago so that they come first).
 * The case page lists the customer's other cases and reads in the staff's words and language.
 */
import { randomUUID } from 'node:crypto';
import { projectCase } from '../../src/db/caseEvents';
import { COUNT_LIMIT, listCases, PAGE_SIZE } from '../../src/db/caseList';
import type { Sql } from '../../src/db/db';
import { createStaff, type StaffMember } from '../../src/db/staff';
import { createTask } from '../../src/db/tasks';
import type { Role } from '../../src/domain/staff';
import type { TaskKind, TaskRole } from '../../src/tasks/templates';
import { csrf, signInAs } from '../support/adminSession';
import { storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';

const PASSWORD = 'een lang en sterk wachtwoord';
const DAY = 86_400_000;

let stack: DevStack;
let sql: Sql;
let app: ReturnType<DevStack['app']>;

beforeAll(async () => {
  stack = await devStack('queue-test');
  sql = stack.sql;
  app = stack.app();
});

afterAll(() => stack?.stop());

const person = (role: Role, name: string): Promise<StaffMember> =>
  createStaff(sql, { email: `${name.toLowerCase()}.${randomUUID().slice(0, 6)}@ccv.test`, name: `${name} ${randomUUID().slice(0, 4)}`, role, password: PASSWORD });

async function aCase(o: { name: string; handler?: string; nextDeadline?: Date; breaches?: string[]; phone?: string; customerNumber?: string }) {
  const record = await storeCase(sql);
  await sql`UPDATE cases SET name = ${o.name}, handler = ${o.handler ?? null}, next_deadline = ${o.nextDeadline ?? null},
    breaches = ${o.breaches ?? []}, phone = ${o.phone ?? null}, customer_number = ${o.customerNumber ?? null}, status = 'in-progress'
    WHERE reference = ${record.reference}`;
  return record.reference;
}

async function aTask(reference: string, o: { kind?: TaskKind; role?: TaskRole; assignee?: string; due?: Date; exclude?: string[] }) {
  await createTask(sql, {
    reference, eventKey: `queue-${randomUUID()}`, kind: o.kind ?? 'triage', title: `Taak ${reference}`, titleEn: `Task ${reference}`,
    role: o.role ?? 'agent', assignee: o.assignee ?? null, excludeAssignee: o.exclude ?? null, dueAt: o.due?.toISOString() ?? null,
    createdAt: new Date().toISOString(),
  });
}

/** The references of the queue's rows, in order, as the page shows them. */
const referencesIn = (html: string) => [...html.matchAll(/<tr[^>]*data-testid="queue-row">[\s\S]*?href="\/admin\/zaken\/((?:KL|FB)-\d{4}-\d{6})/g)].map((m) => m[1]!);

test('one row per case with its open tasks, sorted by deadline with a countdown; my work by default; the coordinator finds the objection reviews', async () => {
  const [anna, bram, cor] = [await person('agent', 'Anna'), await person('agent', 'Bram'), await person('coordinator', 'Cor')];
  const now = Date.now();
  // Anna's cases: one late and breached, one due in a few weeks with two tasks, one without a case deadline.
  const late = await aCase({ name: 'Klant Laat', handler: anna.email, nextDeadline: new Date(now + 20 * DAY), breaches: ['substantive-response-overdue'] });
  await aTask(late, { assignee: anna.email, due: new Date(now - 3 * DAY) });
  const two = await aCase({ name: 'Klant Twee', handler: anna.email, nextDeadline: new Date(now + 30 * DAY) });
  await aTask(two, { assignee: anna.email, due: new Date(now + 30 * DAY) });
  await aTask(two, { kind: 'information-received', assignee: anna.email });
  const later = await aCase({ name: 'Klant Later', handler: anna.email });
  await aTask(later, { kind: 'email-failed', assignee: anna.email, due: new Date(now + 40 * DAY) });
  // Unassigned for agents, due long ago: first in every agent's work.
  const pool = await aCase({ name: 'Klant Pool', nextDeadline: new Date(Date.parse('2001-01-01T12:00:00Z')) });
  await aTask(pool, { due: new Date('2001-01-01T12:00:00Z') });
  // Bram's case and an objection review (for coordinators, Anna excluded): not in Anna's work.
  const bramsCase = await aCase({ name: 'Klant Bram', handler: bram.email });
  await aTask(bramsCase, { assignee: bram.email, due: new Date('2001-01-02T12:00:00Z') });
  const objected = await aCase({ name: 'Klant Bezwaar', handler: anna.email });
  await aTask(objected, { kind: 'objection-review', role: 'coordinator', exclude: [anna.email], due: new Date('2001-01-03T12:00:00Z') });

  const agent = await signInAs(app, anna.email, PASSWORD);
  const work = (await agent.get('/admin/taken').expect(200)).text;
  const shown = referencesIn(work);
  expect(shown[0]).toBe(pool);
  expect(shown).not.toContain(bramsCase);
  expect(shown).not.toContain(objected);
  // Mine only: exactly Anna's three cases, by deadline (the late task, then 30 and 40 days), each once.
  const mine = (await agent.get('/admin/taken?view=mine').expect(200)).text;
  expect(referencesIn(mine)).toEqual([late, two, later]);
  const rowOf = (html: string, reference: string) => html.split('data-testid="queue-row"').find((r) => new RegExp(`/admin/zaken/${reference}["?]`).test(r))!;
  expect(rowOf(mine, two).match(/<li/g)).toHaveLength(2);
  expect(rowOf(mine, late)).toMatch(/werkdag(en)? te laat|verlopen/);
  expect(rowOf(mine, late)).toContain('Inhoudelijke reactie niet binnen 5 werkdagen');
  expect(rowOf(mine, two)).toMatch(/nog \d+ werkdagen/);
  // Any column sorts, both ways; the same in English.
  expect(referencesIn((await agent.get('/admin/taken?view=mine&sort=customer').expect(200)).text)).toEqual([late, later, two]); // Laat, Later, Twee
  expect(referencesIn((await agent.get('/admin/taken?view=mine&sort=deadline&dir=desc').expect(200)).text)).toEqual([later, two, late]);
  const english = (await agent.get('/admin/taken?view=mine&lang=en').expect(200)).text;
  expect(rowOf(english, late)).toMatch(/working days? late|overdue/);
  expect(rowOf(english, late)).toContain('Substantive response not within 5 working days');
  expect(english).toContain('in progress');

  const coordinator = await signInAs(app, cor.email, PASSWORD);
  expect(referencesIn((await coordinator.get('/admin/taken').expect(200)).text)).toContain(objected);
});

test('when a case gets a handler, its open tasks for handlers follow; the coordinator\'s and an improvement action\'s owner\'s stay', async () => {
  const [anna, bram] = [await person('agent', 'Anna'), await person('agent', 'Bram')];
  const reference = await aCase({ name: 'Klant Volgt', handler: anna.email });
  await aTask(reference, { assignee: anna.email });
  await aTask(reference, { kind: 'information-received' });
  await aTask(reference, { kind: 'escalation', role: 'coordinator' });
  await aTask(reference, { kind: 'improvement-action', assignee: anna.email }); // Anna owns it, whoever handles the case
  const [row] = await sql<{ projected: number }[]>`SELECT projected_seq AS projected FROM cases WHERE reference = ${reference}`;
  const seq = row!.projected + 1;
  const snapshot = { status: 'in-progress', handler: bram.email, nextDeadline: null, breaches: [], deadlines: (await sql`SELECT deadlines FROM cases WHERE reference = ${reference}`)[0]!.deadlines, closure: null };
  await projectCase(sql, reference, { seq, at: new Date().toISOString(), event: 'handler-assigned', actor: 'systeem', visibility: 'internal' }, snapshot as never);
  const tasks = await sql<{ kind: string; assignee: string | null }[]>`SELECT kind, assignee FROM tasks WHERE reference = ${reference} ORDER BY id`;
  expect(tasks).toEqual([
    { kind: 'triage', assignee: bram.email }, { kind: 'information-received', assignee: bram.email },
    { kind: 'escalation', assignee: null }, { kind: 'improvement-action', assignee: anna.email },
  ]);
});

test('"Deadline verlopen" finds open cases with a breach or an overdue task; search finds phone and customer numbers and any part of a reference', async () => {
  const lead = await person('team-lead', 'Teun');
  const tag = `Zoek${randomUUID().slice(0, 6)}`;
  const now = Date.now();
  const breached = await aCase({ name: `${tag} Breuk`, nextDeadline: new Date(now + 10 * DAY), breaches: ['resolution-warning-25', 'substantive-response-overdue'] });
  const overdueTask = await aCase({ name: `${tag} Taak`, nextDeadline: new Date(now + 10 * DAY) });
  await aTask(overdueTask, { due: new Date(now - DAY) });
  const onTime = await aCase({ name: `${tag} Op tijd`, nextDeadline: new Date(now + 10 * DAY), phone: '06-1234 5678', customerNumber: `KN-${tag}-77` });
  await aTask(onTime, { due: new Date(now + DAY) });
  const browser = await signInAs(app, lead.email, PASSWORD);
  const list = async (query: string) => [...(await browser.get(`/admin/zaken?${query}`).expect(200)).text
    .matchAll(/href="\/admin\/zaken\/((?:KL|FB)-\d{4}-\d{6})/g)].map((m) => m[1]!);
  expect((await list(`q=${tag}&overdue=1`)).sort()).toEqual([breached, overdueTask].sort());
  expect(await list(`q=${tag}`)).toHaveLength(3);
  // The phone number as typed differently, the customer number in part, the reference in part.
  expect(await list(`q=${encodeURIComponent('0612345678')}`)).toContain(onTime);
  expect(await list(`q=${encodeURIComponent('06 12 34 56 78')}`)).toContain(onTime);
  expect(await list(`q=${encodeURIComponent(`${tag.toLowerCase()}-77`)}`)).toEqual([onTime]);
  expect(await list(`q=${onTime.slice(3)}`)).toContain(onTime);
  // The handler filter lists names.
  const page = (await browser.get('/admin/zaken').expect(200)).text;
  expect(page).toMatch(new RegExp(`<option value="${lead.email.replace('.', '\\.')}"[^>]*>${lead.name}</option>`));
});

test('the case list counts its matches up to a limit ("meer dan"), pages by its rows, and looks up a reference or its start and a whole email address', async () => {
  const tag = `Teller${randomUUID().slice(0, 6)}`;
  const references: string[] = [];
  for (let i = 0; i <= PAGE_SIZE; i++) references.push(await aCase({ name: `${tag} ${i}` }));
  const newestFirst = [...references].reverse(); // received one after the other
  // Counted up to the limit: past it, the count says "more than"; the next page is there as long as rows are.
  expect(COUNT_LIMIT).toBeGreaterThanOrEqual(PAGE_SIZE * 10);
  expect(await listCases(sql, { q: tag }, 1, { countUpTo: 20 })).toMatchObject({ total: 20, more: true, next: true });
  expect(await listCases(sql, { q: tag }, 1, { countUpTo: PAGE_SIZE + 1 })).toMatchObject({ total: PAGE_SIZE + 1, more: false });
  const first = await listCases(sql, { q: tag }, 1);
  expect(first).toMatchObject({ total: PAGE_SIZE + 1, more: false, next: true });
  expect(first.rows.map((r) => r.reference)).toEqual(newestFirst.slice(0, PAGE_SIZE));
  const second = await listCases(sql, { q: tag }, 2);
  expect(second).toMatchObject({ total: PAGE_SIZE + 1, more: false, next: false });
  expect(second.rows.map((r) => r.reference)).toEqual(newestFirst.slice(PAGE_SIZE));
  // The last page knows the number exactly, past the limit too; a page past the last does not.
  expect(await listCases(sql, { q: tag }, 2, { countUpTo: 20 })).toMatchObject({ total: PAGE_SIZE + 1, more: false, next: false });
  expect(await listCases(sql, { q: tag }, 3, { countUpTo: 20 })).toMatchObject({ rows: [], total: 20, more: true, next: false });

  const browser = await signInAs(app, (await person('team-lead', 'Tom')).email, PASSWORD);
  const pager = (html: string) => /<nav class="pager">([\s\S]*?)<\/nav>/.exec(html)![1]!;
  const one = (await browser.get(`/admin/zaken?q=${tag}`).expect(200)).text;
  expect(one).toContain(`>${PAGE_SIZE + 1} zaken<`);
  expect(pager(one)).toContain('Volgende');
  expect(pager(one)).not.toContain('Vorige');
  const two = (await browser.get(`/admin/zaken?q=${tag}&page=2`).expect(200)).text;
  expect(pager(two)).toContain('Vorige');
  expect(pager(two)).not.toContain('Volgende');

  // A reference, whole or its start, in any case; a whole email address, in any case.
  const list = async (query: string) => [...(await browser.get(`/admin/zaken?q=${encodeURIComponent(query)}`).expect(200)).text
    .matchAll(/href="\/admin\/zaken\/((?:KL|FB)-\d{4}-\d{6})/g)].map((m) => m[1]!);
  const reference = references[0]!;
  expect(await list(reference.toLowerCase())).toEqual([reference]);
  expect(await list(reference.slice(0, 13).toLowerCase())).toContain(reference); // kl-2026-00012: at most ten
  expect(await list(`${reference.slice(0, 8)}9`)).not.toContain(reference); // another start
  const [row] = await sql<{ email: string }[]>`SELECT email FROM cases WHERE reference = ${reference}`;
  const email = row!.email;
  expect(await list(email.toUpperCase())).toEqual([reference]);
  expect(await list(`x${email}`)).toEqual([]);
});

test('the case page lists the customer\'s other cases and tells its timeline in words, in Dutch and English', async () => {
  const lead = await person('team-lead', 'Tess');
  const email = `herhaling.${randomUUID().slice(0, 6)}@example.nl`;
  const first = await storeCase(sql, { email });
  const again = await storeCase(sql, { email: email.toUpperCase() });
  const byPhone = await storeCase(sql, { email: null });
  const stranger = await storeCase(sql);
  const phone = `06${String(Date.now()).slice(-8)}`;
  await sql`UPDATE cases SET phone = ${phone} WHERE reference = ${first.reference}`;
  await sql`UPDATE cases SET phone = ${`${phone.slice(0, 2)}-${phone.slice(2, 6)} ${phone.slice(6)}`} WHERE reference = ${byPhone.reference}`;
  await sql`INSERT INTO case_events (reference, event_key, seq, event, occurred_at, actor, visibility, body, detail) VALUES
    (${first.reference}, '1-received', 1, 'received', now(), 'systeem', 'public', NULL, ${sql.json({ channel: 'web' })}),
    (${first.reference}, '2-customer-replied', 2, 'customer-replied', now(), 'klant', 'public', 'Hier is het serienummer.', ${sql.json({ waitedMinutes: 125 })}),
    (${first.reference}, '3-substantive-response-sent', 3, 'substantive-response-sent', now(), ${lead.email}, 'public', 'Opgelost.', ${sql.json({ late: false })})`;
  const browser = await signInAs(app, lead.email, PASSWORD);
  const page = (await browser.get(`/admin/zaken/${first.reference}`).expect(200)).text;
  const others = page.slice(page.indexOf('data-testid="other-cases"'));
  expect(others).toContain(again.reference);
  expect(others).toContain(byPhone.reference);
  expect(others).not.toContain(stranger.reference);
  expect(page).toContain('na 2 uur 5 min wachten');
  expect(page).toContain('op tijd');
  expect(page).toContain(lead.name); // the actor by name
  expect(page).not.toMatch(/waitedMinutes|late: false/);
  const english = (await browser.get(`/admin/zaken/${first.reference}?lang=en`).expect(200)).text;
  for (const words of ['after waiting 2 h 5 min', 'on time', 'Web form', 'Customer', 'Acknowledgement (24 hours)', 'Email address']) {
    expect(english).toContain(words);
  }
});

test('the phone intake speaks to staff: an error summary in their words that links to each field, in Dutch and English', async () => {
  const agent = await signInAs(app, (await person('agent', 'Fien')).email, PASSWORD);
  for (const [lang, title, name] of [
    ['nl', 'Fout: Telefonische melding registreren', 'Vul de naam van de klant in.'],
    ['en', 'Error: Register a phone complaint', 'Enter the customer&#x27;s name.'],
  ] as const) {
    const form = await agent.get(`/admin/telefoon?lang=${lang}`).expect(200);
    const refused = await agent.post(`/admin/telefoon?lang=${lang}`).type('form')
      .send({ _csrf: csrf(form.text), caseType: 'complaint', name: '', description: 'kort', category: '' }).expect(422);
    expect(refused.text).toContain(`<title>${title}`);
    const summary = refused.text.slice(refused.text.indexOf('id="error-summary"'), refused.text.indexOf('</ul>', refused.text.indexOf('id="error-summary"')));
    expect(summary).toContain(`<a href="#name">${name}</a>`);
    expect(summary).toContain('href="#description"');
    expect(summary).toContain('href="#category"');
    expect(refused.text).not.toContain('Vul je naam in');
  }
});

test('bulk: an agent claims the tasks of the ticked cases at once; a team lead gives them to a colleague; what may not be taken is skipped and counted', async () => {
  const [anna, bram, lead] = [await person('agent', 'Anna'), await person('agent', 'Bram'), await person('team-lead', 'Lotte')];
  const first = await aCase({ name: 'Klant Een' });
  await aTask(first, { due: new Date('2001-02-01T12:00:00Z') });
  await aTask(first, { kind: 'information-received', due: new Date('2001-02-01T13:00:00Z') });
  const second = await aCase({ name: 'Klant Twee' });
  await aTask(second, { due: new Date('2001-02-02T12:00:00Z') });
  const review = await aCase({ name: 'Klant Bezwaar' });
  await aTask(review, { kind: 'objection-review', role: 'coordinator', due: new Date('2001-02-03T12:00:00Z') });
  const taskIdsOf = (html: string, reference: string) => {
    const row = html.split('data-testid="queue-row"').find((r) => new RegExp(`/admin/zaken/${reference}["?]`).test(r))!;
    return /name="tasks" value="([0-9,]+)"/.exec(row)![1]!;
  };

  const agent = await signInAs(app, anna.email, PASSWORD);
  const queue = (await agent.get('/admin/taken?view=all').expect(200)).text;
  const res = await agent.post('/admin/taken/samen').type('form')
    .send(`_csrf=${encodeURIComponent(csrf(queue))}&view=all&do=claim&tasks=${taskIdsOf(queue, first)}&tasks=${taskIdsOf(queue, second)}&tasks=${taskIdsOf(queue, review)}`).expect(303);
  expect(res.headers.location).toBe('/admin/taken?view=all&samen=3-1');
  const after = (await agent.get(res.headers.location!).expect(200)).text;
  expect(after).toContain('3 taken bijgewerkt; 1 overgeslagen');
  const assignees = async (reference: string) => (await sql<{ assignee: string | null }[]>`SELECT assignee FROM tasks WHERE reference = ${reference} ORDER BY id`).map((r) => r.assignee);
  expect(await assignees(first)).toEqual([anna.email, anna.email]);
  expect(await assignees(second)).toEqual([anna.email]);
  expect(await assignees(review)).toEqual([null]); // a coordinator's task

  // Nothing ticked: told so, nothing changes.
  const none = await agent.post('/admin/taken/samen').type('form').send({ _csrf: csrf(after), view: 'all', do: 'claim' }).expect(303);
  expect((await agent.get(none.headers.location!).expect(200)).text).toContain('Er is niets gewijzigd: vink eerst de zaken aan');

  // Agents do not assign to others; the team lead does.
  await agent.post('/admin/taken/samen').type('form').send({ _csrf: csrf(after), do: 'assign', assignee: bram.email, tasks: taskIdsOf(queue, first) }).expect(403);
  const leadBrowser = await signInAs(app, lead.email, PASSWORD);
  const leadQueue = (await leadBrowser.get('/admin/taken?view=all').expect(200)).text;
  await leadBrowser.post('/admin/taken/samen').type('form')
    .send({ _csrf: csrf(leadQueue), view: 'all', do: 'assign', assignee: bram.email, tasks: `${taskIdsOf(queue, first)}` }).expect(303);
  expect(await assignees(first)).toEqual([bram.email, bram.email]);
  const audit = await sql<{ action: string }[]>`SELECT action FROM audit_log WHERE reference = ${first} ORDER BY id`;
  expect(audit.map((a) => a.action)).toEqual(['task.claim', 'task.claim', 'task.assign', 'task.assign']);
});

test('saved views are each person\'s own: saved under a name, opened as a link, refused with the name kept, deleted', async () => {
  const [anna, bram] = [await person('agent', 'Anna'), await person('agent', 'Bram')];
  const agent = await signInAs(app, anna.email, PASSWORD);
  const list = (await agent.get('/admin/zaken?overdue=1&page=2').expect(200)).text;
  expect(list).toContain('nog geen: kies filters en sortering');
  expect(list).toContain('name="query" value="overdue&#x3D;1"'); // the filters, not the page
  const saved = await agent.post('/admin/weergaven').type('form')
    .send({ _csrf: csrf(list), path: '/admin/zaken', query: 'overdue=1', name: 'Te laat' }).expect(303);
  expect(saved.headers.location).toBe('/admin/zaken?overdue=1&weergave=bewaard');
  const shown = (await agent.get(saved.headers.location!).expect(200)).text;
  expect(shown).toContain('De weergave is bewaard.');
  expect(shown).toContain('<a href="/admin/zaken?overdue&#x3D;1" aria-current="true">Te laat</a>');
  // Another page of the app is not a view; a name with a line break is refused, the name comes back.
  await agent.post('/admin/weergaven').type('form').send({ _csrf: csrf(list), path: '/admin/accounts', query: '', name: 'x' }).expect(404);
  const refused = await agent.post('/admin/weergaven?lang=en').type('form')
    .send({ _csrf: csrf(list), path: '/admin/taken', query: 'view=mine&sort=customer', name: 'Mine\nby name' }).expect(303);
  expect(refused.headers.location).toBe('/admin/taken?view=mine&sort=customer&weergave=ongeldig&weergaveNaam=Mine%0Aby+name&lang=en');
  const again = (await agent.get(refused.headers.location!).expect(200)).text;
  expect(again).toContain('Give the view a name of at most 60 characters');
  expect(again).toContain('id="saved-view-name" name="name" maxlength="60" required value="Mine by name"');

  // Bram sees none of Anna's views and cannot delete them.
  const other = await signInAs(app, bram.email, PASSWORD);
  expect((await other.get('/admin/zaken').expect(200)).text).not.toContain('>Te laat</a>');
  const [view] = await sql<{ id: number }[]>`SELECT id::int AS id FROM saved_views WHERE staff_id = ${anna.id}`;
  await other.post(`/admin/weergaven/${view!.id}/verwijderen`).type('form').send({ _csrf: csrf(list) }).expect(403);
  const otherToken = csrf((await other.get('/admin/zaken').expect(200)).text);
  await other.post(`/admin/weergaven/${view!.id}/verwijderen`).type('form').send({ _csrf: otherToken }).expect(404);
  await agent.post(`/admin/weergaven/${view!.id}/verwijderen`).type('form').send({ _csrf: csrf(list) }).expect(303).expect('location', '/admin/zaken');
  expect(await sql`SELECT 1 FROM saved_views WHERE staff_id = ${anna.id}`).toHaveLength(0);
});

test('keyboard shortcuts are listed on a help page in both languages; the case page links the next case of my work', async () => {
  const anna = await person('agent', 'Anna');
  const agent = await signInAs(app, anna.email, PASSWORD);
  const help = (await agent.get('/admin/sneltoetsen').expect(200)).text;
  expect(help).toContain('<kbd>j</kbd>');
  expect(help).toContain('Volgende zaak uit je werk openen');
  expect((await agent.get('/admin/sneltoetsen?lang=en').expect(200)).text).toContain('Open the next case from your work');

  const now = Date.now();
  const first = await aCase({ name: 'Klant Eerst', handler: anna.email, nextDeadline: new Date(now + 1 * DAY) });
  await aTask(first, { assignee: anna.email, due: new Date(now + 1 * DAY) });
  const second = await aCase({ name: 'Klant Daarna', handler: anna.email, nextDeadline: new Date(now + 2 * DAY) });
  await aTask(second, { assignee: anna.email, due: new Date(now + 2 * DAY) });
  const mine = referencesIn((await agent.get('/admin/taken').expect(200)).text);
  const after = mine[mine.indexOf(first) + 1];
  expect(after).toBeDefined();
  const page = (await agent.get(`/admin/zaken/${first}?lang=en`).expect(200)).text;
  expect(page).toContain(`<a href="/admin/zaken/${after}?lang&#x3D;en" rel="next" data-next-case>Next case: ${after}</a>`);
});
