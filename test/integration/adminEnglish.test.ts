/**
 * The admin area in English (`?lang=en`), over HTTP against the real stack: every page, a case
 * with an outcome and an objection, refused actions and refused forms read entirely in English
 * (no Dutch word left in the visible text, titles, labels or confirmations), and `lang=en` stays on
 * every redirect, every form and every link into the admin area. Counts take their plural form.
 *
 * Other test files share the database, so texts people typed elsewhere (names, improvement
 * actions, body names, untranslated task titles) are taken out of a page before it is checked:
 * they are data, not the page's words. This file's own data is in English.
 */
import { PLACEHOLDERS } from '../../src/replyTemplates/placeholders';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { Sql } from '../../src/db/db';
import { loadSettings } from '../../src/db/settings';
import { createStaff } from '../../src/db/staff';
import { createTask } from '../../src/db/tasks';
import type { Role } from '../../src/domain/staff';
import { totpCode } from '../../src/domain/twoFactor';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { csrf } from '../support/adminSession';
import { storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'admin-english-test';
const PASSWORD = 'a long and strong password';
/** In every name and text of this file: the case list is searched for it. */
const TOKEN = `qx${randomUUID().slice(0, 6)}`;

/**
 * Words that give Dutch away. Whole words, case-insensitive; none of them is an English word, and
 * this file's data has none of them.
 */
const DUTCH = [
  'de', 'het', 'een', 'en', 'van', 'niet', 'geen', 'voor', 'naar', 'bij', 'ook', 'nog', 'deze', 'dit', 'dat', 'je', 'jouw', 'wij',
  'zijn', 'wordt', 'kan', 'op', 'te', 'om', 'er', 'aan', 'uit', 'wat', 'wie', 'hoe', 'waarvan', 'kies', 'zaak', 'zaken',
  'taak', 'klant', 'klanten', 'klacht', 'klachten', 'melding', 'meldingen', 'werkdag', 'werkdagen', 'dag', 'dagen', 'uur',
  'verlopen', 'behandelaar', 'bezwaar', 'gegrond', 'ongegrond', 'termijn', 'termijnen', 'opslaan', 'uitloggen', 'inloggen',
  'wachtwoord', 'instellingen', 'toewijzen', 'oppakken', 'afronden', 'afgerond', 'verzonden', 'verstuurd', 'ontvangen', 'uitkomst',
  'oorzaak', 'medewerker', 'tijdlijn', 'volgende', 'vorige', 'alle', 'soort', 'onderwerp', 'kanaal', 'telefoon', 'wissen',
  'opnieuw', 'rapportages', 'verbeteracties', 'verbeteractie', 'analyse', 'gewist', 'uitgevoerd', 'fout', 'gesloten', 'afgehandeld',
  'reactie', 'voorstel', 'beslissing', 'notitie', 'vraag', 'reden', 'gegevens', 'gehaald', 'overschreden', 'bevestiging',
  'intrekken', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'januari', 'februari', 'maart',
  'mei', 'juni', 'juli', 'augustus', 'oktober', 'vandaag', 'morgen', 'nieuw', 'nieuwe', 'wijzigen', 'aanmaken', 'deactiveren',
  'ontvangers', 'maandelijks', 'jaarlijks', 'kwartaal', 'periode', 'tonen', 'meten', 'gemarkeerd', 'markeren', 'eigenaar',
  'streefdatum', 'registreren', 'tweestapsverificatie', 'aanzetten', 'uitzetten', 'annuleren', 'toegang', 'pagina', 'bestaat',
];
const DUTCH_WORD = new RegExp(`(?<![\\p{L}\\d\\-@.])(${DUTCH.join('|')})(?![\\p{L}\\d\\-@])`, 'giu');
/** Proper names that stay Dutch in English text. */
const PROPER_NAMES = ['Algemene termijnenwet', 'Klachtflow'];

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;
const staff = {} as Record<Role, { email: string; id: number }>;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app();
  const names: Record<Role, string> = { agent: 'Eric Agent', 'team-lead': 'Ben Lead', coordinator: 'Cleo Coordinator', admin: 'Ada Admin', governance: 'Gus Board' };
  for (const role of Object.keys(names) as Role[]) {
    const email = `${role}.${TOKEN}@ccv.test`;
    staff[role] = { email, id: (await createStaff(sql, { email, name: `${names[role]} ${TOKEN}`, role, password: PASSWORD })).id };
  }
});

afterAll(() => stack?.stop());

// ---------------------------------------------------------------------------------------------
// What a page shows, and what it must not

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ', '#39': "'", '#x27': "'", '#x3D': '=', '#x60': '`', '#x2F': '/' };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => ENTITIES[name] ?? ENTITIES[name.toLowerCase()]
  ?? (name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : whole));

/** The text a person reads or hears: the page without scripts and tags, with the attributes that are read out. */
function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|title|placeholder|alt|data-confirm|data-draft-restored)="([^"]*)"/g)].map((m) => m[1]);
  const body = html.replace(/<script\b[\s\S]*?<\/script>/gi, ' ').replace(/<style\b[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return decode(`${body} ${attributes.join(' ')}`).replace(/\s+/g, ' ');
}

/** Texts typed by people (here or in other test files): data that the page shows as it is. */
async function typedData(): Promise<string[]> {
  const rows = await sql<{ text: string }[]>`
    SELECT name AS text FROM cases UNION SELECT description FROM cases UNION SELECT name FROM staff UNION SELECT email FROM staff
    UNION SELECT text FROM improvement_actions UNION SELECT name FROM governance_bodies
    UNION SELECT title FROM tasks WHERE title_en IS NULL UNION SELECT name FROM reply_templates WHERE language = 'nl'
    UNION SELECT name FROM saved_views`;
  // Placeholders are written in either language on purpose ({{klant}} as well as {{customer}}).
  const placeholders = Object.values(PLACEHOLDERS).map((names) => `{{${names.nl}}}`);
  return [...rows.map((r) => r.text), ...placeholders].filter((t) => t.trim().length > 0).sort((a, b) => b.length - a.length);
}

/** The Dutch words on a page, each with a little of what surrounds it. */
async function dutchOn(html: string): Promise<string[]> {
  let text = visibleText(html);
  for (const typed of [...await typedData(), ...PROPER_NAMES]) text = text.split(typed).join(' ');
  return [...text.matchAll(DUTCH_WORD)].map((m) => `"${m[1]}" in …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
}

/** Every form and every link into the admin area keeps lang=en. */
function withoutEnglish(html: string): string[] {
  const problems: string[] = [];
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = form[1]!;
    const action = decode(/\saction="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const post = /\smethod="post"/i.test(attrs);
    const keeps = /[?&]lang=en\b/.test(action) || (!post && /<input type="hidden" name="lang" value="en">/.test(form[2]!));
    if (!keeps) problems.push(`form ${post ? 'POST' : 'GET'} ${action}`);
  }
  for (const link of html.matchAll(/<a\b[^>]*\shref="([^"]*)"/gi)) {
    const href = decode(link[1]!);
    // The language switch leads to Dutch on purpose; Temporal Web and a PDF have no language of ours.
    if (!href.startsWith('/admin') || /[?&]lang=nl\b/.test(href) || href.startsWith('/admin/temporal') || href.endsWith('.pdf')) continue;
    if (!/[?&]lang=en\b/.test(href)) problems.push(`link ${href}`);
  }
  return problems;
}

/** A page that must be entirely English and keep lang=en everywhere. */
async function english(res: request.Response, label: string): Promise<string> {
  expect([label, res.headers['content-type']]).toEqual([label, expect.stringContaining('text/html')]);
  expect([label, /<html lang="en">/.test(res.text)]).toEqual([label, true]);
  expect([label, await dutchOn(res.text)]).toEqual([label, []]);
  expect([label, withoutEnglish(res.text)]).toEqual([label, []]);
  return res.text;
}

/** A redirect that keeps the language. */
function staysEnglish(res: request.Response, label: string): string {
  expect([label, res.status]).toEqual([label, 303]);
  const location = String(res.headers.location);
  expect([label, location]).toEqual([label, expect.stringMatching(/[?&]lang=en(&|#|$)/)]);
  return location;
}

async function show(agent: TestAgent, path: string, status = 200): Promise<string> {
  const res = await agent.get(path);
  expect([path, res.status]).toEqual([path, status]);
  return english(res, `GET ${path}`);
}

/** Posts a form of `page` (its CSRF token) in English; a redirect must keep the language, a page must be English. */
async function submit(agent: TestAgent, page: string, path: string, body: Record<string, string | string[]>, status = 303): Promise<request.Response> {
  const res = await agent.post(path).type('form').send({ _csrf: csrf(page), ...body });
  expect([path, res.status]).toEqual([path, status]);
  if (status === 303) staysEnglish(res, `POST ${path}`);
  else await english(res, `POST ${path}`);
  return res;
}

/** Signs in through the English sign-in page; the redirects keep the language. */
async function signInEnglish(email: string, password = PASSWORD): Promise<TestAgent> {
  const agent = request.agent(app);
  const page = await show(agent, '/admin/inloggen?lang=en');
  const res = await agent.post('/admin/inloggen?lang=en').type('form').send({ _csrf: csrf(page), email, password, next: '/admin' });
  expect(staysEnglish(res, 'sign-in')).toBe('/admin?lang=en');
  return agent;
}

const signIn = (role: Role) => signInEnglish(staff[role].email);

/** A complaint in English, with this file's token in the customer's name and its workflow running. */
async function englishCase() {
  const record = await storeCase(sql, { language: 'en' });
  await sql`UPDATE cases SET name = ${`Walter Brooks ${TOKEN}`},
    description = ${'The card terminal stops every morning and only starts again after ten minutes.'} WHERE reference = ${record.reference}`;
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  return { reference: record.reference, handle };
}

// ---------------------------------------------------------------------------------------------

test('a case from intake to objection, worked in English: every page, refusal and redirect stays English', async () => {
  const { reference, handle } = await englishCase();
  const lead = await signIn('team-lead');
  const casePath = `/admin/zaken/${reference}?lang=en`;
  const act = async (action: string, body: Record<string, string>, status = 303) => {
    const page = await show(lead, casePath);
    const res = await submit(lead, page, `/admin/zaken/${reference}/actie/${action}?lang=en`, { seen: /name="seen" value="(\d+)"/.exec(page)![1]!, ...body }, status);
    return status === 303 ? show(lead, res.headers.location!) : res.text;
  };

  expect(await act('assignHandler', { handler: staff.agent.email })).toContain('Done: Assign handler.');
  // Refused: a choice that does not exist, and a rule of the procedure; each in English at its form.
  expect(await act('assignHandler', { handler: 'nobody@ccv.test' }, 422)).toContain('Not done: unknown staff member');
  await act('substantiveResponseSent', { text: 'We found the fault in the terminal.' });
  expect(await act('markComplex', { reason: 'The supplier needs to look at it.', expectedDate: '2000-01-01' }, 422))
    .toContain('Not done: The expected date is in the past.');
  expect(await act('substantiveResponseSent', { text: 'Again.' }, 422)).toContain('The substantive response has already been sent');
  await act('resolve', {
    outcome: 'The complaint is justified.', solution: 'A new terminal.', justified: 'justified', rootCause: 'product',
    improvementText: `Check every terminal before delivery ${TOKEN}.`, improvementOwner: staff['team-lead'].email, improvementDue: '2099-01-01',
  });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  const objected = await act('objection', { reason: 'The customer disagrees, by phone.' });
  expect(objected).toContain('Objection');
  // Marking the case as concerning someone who does not exist: refused in English.
  await submit(lead, objected, `/admin/zaken/${reference}/betreft?lang=en`, { staff: 'nobody@ccv.test' }, 422);

  // The coordinator finds the review in the queue, claims it, and sees the case with its decision form.
  const coordinator = await signIn('coordinator');
  const review = await eventually(async () => (await sql<{ id: number }[]>`
    SELECT id::int AS id FROM tasks WHERE reference = ${reference} AND kind = 'objection-review'`)[0], 'the review task');
  const work = await show(coordinator, '/admin/taken?lang=en');
  await submit(coordinator, work, `/admin/taken/${review.id}/oppakken?lang=en`, { view: 'work' });
  const mine = await show(coordinator, '/admin/taken?view=mine&lang=en');
  expect(mine).toContain('1 case');
  expect(mine).not.toContain('1 cases');
  expect(await show(coordinator, casePath)).toContain('Decide on the objection');

  // The agent's queue, a bulk action with nothing ticked and with one task, and the task completed.
  const agent = await signIn('agent');
  let queue = await show(agent, '/admin/taken?view=mine&lang=en');
  await submit(agent, queue, '/admin/taken/samen?lang=en', { view: 'mine', do: 'claim' });
  const eventKey = `english-${randomUUID()}`;
  await createTask(sql, {
    reference, eventKey, kind: 'triage', title: `Call the customer ${TOKEN}`, titleEn: `Call the customer ${TOKEN}`,
    role: 'agent', assignee: null, excludeAssignee: null, dueAt: null, createdAt: new Date().toISOString(),
  });
  const triage = (await sql<{ id: number }[]>`SELECT id::int AS id FROM tasks WHERE event_key = ${eventKey}`)[0]!;
  const bulk = await submit(agent, queue, '/admin/taken/samen?lang=en', { view: 'mine', do: 'claim', tasks: String(triage.id) });
  expect(await show(agent, bulk.headers.location!)).toContain('1 task updated; 0 skipped');
  queue = await show(agent, '/admin/taken?view=all&lang=en');
  await submit(agent, queue, `/admin/taken/${triage.id}/afronden?lang=en`, { view: 'all' });
  // A task someone else has: refused on an English page.
  await submit(agent, queue, `/admin/taken/${review.id}/afronden?lang=en`, { view: 'all' }, 403);

  // The case list, searched, with its count in the plural; the status link revoked.
  expect(await show(lead, `/admin/zaken?q=${TOKEN}&lang=en`)).toContain('1 case');
  expect(await show(lead, `/admin/zaken?q=${TOKEN}&status=objected&channel=web&lang=en`)).toContain(reference);
  await submit(agent, await show(agent, casePath), `/admin/zaken/${reference}/statuslink?lang=en`, {}, 200);

  // Improvement actions: listed, and finished by their owner.
  const improvements = await show(lead, '/admin/verbeteracties?lang=en');
  const action = (await sql<{ id: number }[]>`SELECT id::int AS id FROM improvement_actions WHERE reference = ${reference}`)[0]!;
  await submit(lead, improvements, `/admin/verbeteracties/${action.id}/afronden?lang=en`, {});

  // Signing out leads to the English sign-in page; a page asked for afterwards, to the English sign-in with the way back.
  await submit(agent, queue, '/admin/uitloggen?lang=en', {});
  const after = await agent.get(`/admin/zaken/${reference}?lang=en`).expect(303);
  expect(staysEnglish(after, 'signed out')).toMatch(/^\/admin\/inloggen\?next=/);
  const back = await show(agent, after.headers.location!);
  expect(decode(back)).toContain(`name="next" value="/admin/zaken/${reference}?lang=en"`);
});

test('the administrator\'s pages, their refused forms and their redirects stay English', async () => {
  const { reference } = await englishCase();
  const admin = await signIn('admin');
  expect(staysEnglish(await admin.get('/admin?lang=en'), 'landing')).toBe('/admin/zaken?lang=en');
  await show(admin, `/admin/zaken?q=${TOKEN}&lang=en`);
  await show(admin, `/admin/zaken/${reference}?lang=en`);

  // Erasure: a reason too short is refused; a case erased returns to its page in English.
  const erase = await show(admin, `/admin/zaken/${reference}/wissen?lang=en`);
  expect((await submit(admin, erase, `/admin/zaken/${reference}/wissen?lang=en`, { reason: 'x', confirm: reference }, 422)).text)
    .toContain('Give the reason for the erasure');
  expect((await submit(admin, erase, `/admin/zaken/${reference}/wissen?lang=en`, { reason: 'At the customer\'s request.', confirm: 'KL-0000-000000' }, 422)).text)
    .toContain(`Type the case reference ${reference} to confirm.`);
  const erased = await submit(admin, erase, `/admin/zaken/${reference}/wissen?lang=en`, { reason: 'At the customer\'s request, by email.', confirm: reference });
  expect(await show(admin, erased.headers.location!)).toContain('This case was erased');

  // Accounts: refused, created, changed; the one-time password leads to "My password" in English.
  const accounts = await show(admin, '/admin/accounts?lang=en');
  const refused = await submit(admin, accounts, '/admin/accounts?lang=en', { name: '', email: 'not an address', role: 'agent' }, 422);
  expect(refused.text).toContain('Not created: invalid email address; the name is missing');
  const email = `new.${TOKEN}@ccv.test`;
  const created = await submit(admin, accounts, '/admin/accounts?lang=en', { name: `Nina New ${TOKEN}`, email, role: 'agent' }, 200);
  const oneTime = new RegExp(`One-time password for ${email.replace(/\./g, '\\.')}: ([\\w-]+)`).exec(visibleText(created.text))![1]!;
  const id = (await sql<{ id: number }[]>`SELECT id::int AS id FROM staff WHERE email = ${email}`)[0]!.id;
  await submit(admin, accounts, `/admin/accounts/${id}?lang=en`, { role: 'team-lead' });
  await submit(admin, accounts, `/admin/accounts/${id}?lang=en`, { active: '0' });
  await submit(admin, accounts, `/admin/accounts/${id}?lang=en`, { active: '1' });
  const newcomer = request.agent(app);
  const signin = await show(newcomer, '/admin/inloggen?lang=en');
  await newcomer.post('/admin/inloggen?lang=en').type('form').send({ _csrf: csrf(signin), email, password: oneTime, next: '/admin' }).expect(303);
  const forced = await newcomer.get('/admin/taken?lang=en');
  expect(staysEnglish(forced, 'password first')).toBe('/admin/wachtwoord?lang=en');
  const password = await show(newcomer, '/admin/wachtwoord?lang=en');
  expect((await submit(newcomer, password, '/admin/wachtwoord?lang=en', { current: oneTime, password: 'short', repeat: 'short' }, 422)).text)
    .toContain('at least 12 characters');
  await submit(newcomer, password, '/admin/wachtwoord?lang=en', { current: oneTime, password: PASSWORD, repeat: PASSWORD });

  // Settings: refused with a message at each field, and saved as they were.
  const settings = await show(admin, '/admin/instellingen?lang=en');
  const current = await loadSettings(sql);
  const form = {
    closureDays: current.calendar.closureDays.join('\n'), liberationDay: current.calendar.liberationDay,
    ...(current.calendar.goodFriday ? { goodFriday: 'on' } : {}), ...(current.policy.pauseWhileWaitingOnCustomer ? { pause: 'on' } : {}),
    ...(current.security.twoFactorRequired ? { twoFactor: 'on' } : {}),
    warnings: current.policy.resolutionWarningWorkingDays.join(', '), objectionWindow: String(current.policy.objectionWindowDays),
    objectionReview: String(current.policy.objectionReviewWorkingDays), maxMessages: String(current.policy.maxCustomerMessages),
    ...Object.fromEntries(Object.entries(current.retention).map(([k, v]) => [k, String(v)])),
  };
  expect((await submit(admin, settings, '/admin/instellingen?lang=en', { ...form, objectionWindow: 'many', closureDays: 'tomorrow' }, 422)).text)
    .toContain('Error: ');
  const saved = await submit(admin, settings, '/admin/instellingen?lang=en', form);
  expect(await show(admin, saved.headers.location!)).toContain('The settings have been saved.');

  // Governance reports: a refused body and a saved one.
  const reports = await show(admin, '/admin/rapportages?lang=en');
  const body = { name: '', recipients: 'board@example.com', language: 'en', frequency: 'quarterly', sections: ['volume', 'timeliness'], sendHour: '7', active: 'on' };
  expect((await submit(admin, reports, '/admin/rapportages/organen?lang=en', body, 422)).text).toContain('Give the body a name.');
  const savedBody = await submit(admin, reports, '/admin/rapportages/organen?lang=en', { ...body, name: `Board ${TOKEN}`, recipients: 'board@example.com' });
  expect(await show(admin, savedBody.headers.location!)).toMatch(/1 recipient\b/);
  const bodyId = (await sql<{ id: number }[]>`SELECT id::int AS id FROM governance_bodies WHERE name = ${`Board ${TOKEN}`}`)[0]!.id;
  await sql`UPDATE governance_bodies SET active = false WHERE id = ${bodyId}`;
  await client.schedule.getHandle(`governance-report-${bodyId}`).delete();

  // The analysis and the what-if, with a refused request each.
  await show(admin, '/admin/analyse?lang=en');
  await show(admin, '/admin/analyse?period=year&year=2026&caseType=complaint&lang=en');
  await show(admin, '/admin/analyse?period=month&month=nonsense&lang=en', 400);
  await show(admin, '/admin/analyse/wat-als?lang=en');
  const today = new Date().toISOString().slice(0, 10);
  await show(admin, `/admin/analyse/wat-als?from=${today.slice(0, 8)}01&to=${today}&responseDays=3&pause=on&objectionWindow=14&lang=en`);
  await show(admin, '/admin/analyse/wat-als?from=2026-05-01&to=2026-01-01&lang=en', 400);

  await show(admin, '/admin/verbeteracties?lang=en');
  await show(admin, '/admin/tweestaps?lang=en');
  await show(admin, '/admin/sneltoetsen?lang=en');
  // Reply templates: the list, a refused template, a saved one, its edit page.
  const templates = await show(admin, '/admin/sjablonen?lang=en');
  const template = { name: `Apology ${TOKEN}`, purpose: 'addProposal', language: 'en', body: 'We offer {{customer}} a credit.' };
  expect((await submit(admin, templates, '/admin/sjablonen?lang=en', { ...template, body: '{{amount}}' }, 422)).text).toContain('These placeholders do not exist');
  const savedTemplate = await submit(admin, templates, '/admin/sjablonen?lang=en', template);
  await show(admin, savedTemplate.headers.location!);
  const [templateRow] = await sql<{ id: number }[]>`SELECT id::int AS id FROM reply_templates WHERE name = ${template.name}`;
  await show(admin, `/admin/sjablonen/${templateRow!.id}?lang=en`);
  // A saved view of the case list: the panel, a refused name, the view.
  const list = await show(admin, '/admin/zaken?status=received&lang=en');
  await show(admin, (await submit(admin, list, '/admin/weergaven?lang=en', { path: '/admin/zaken', query: 'status=received', name: '' })).headers.location!);
  await show(admin, (await submit(admin, list, '/admin/weergaven?lang=en', { path: '/admin/zaken', query: 'status=received', name: 'New ones' })).headers.location!);
  // Not for administrators, and not there: the admin layout's 403 and 404 pages.
  expect(await show(admin, '/admin/telefoon?lang=en', 403)).toContain('You have no access to this page.');
  expect(await show(admin, '/admin/zaken/KL-2000-999999?lang=en', 404)).toContain('Back to the admin area');
});

test('phone intake, sign-in and two-factor sign-in stay English, refused and accepted', async () => {
  const agent = await signIn('agent');
  const phone = await show(agent, '/admin/telefoon?lang=en');
  const refused = await submit(agent, phone, '/admin/telefoon?lang=en', { submissionId: randomUUID(), caseType: '', name: '', receivedAt: '', category: '', description: '' }, 422);
  expect(refused.text).toContain('Error: ');
  const registered = await submit(agent, phone, '/admin/telefoon?lang=en', {
    submissionId: randomUUID(), caseType: 'complaint', name: `Paula Phone ${TOKEN}`, email: '', language: 'en', category: 'other',
    receivedAt: new Date(Date.now() - 3_600_000).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T').slice(0, 16),
    description: 'Called about the invoice of last month.',
  });
  await show(agent, registered.headers.location!);

  // A wrong password: the English sign-in page again.
  const anonymous = request.agent(app);
  const signin = await show(anonymous, '/admin/inloggen?lang=en');
  await submit(anonymous, signin, '/admin/inloggen?lang=en', { email: staff.agent.email, password: 'wrong password', next: '/admin' }, 401);

  // Two-factor sign-in set up in English; the next sign-in asks for the code in English.
  const email = `totp.${TOKEN}@ccv.test`;
  await createStaff(sql, { email, name: `Tina Totp ${TOKEN}`, role: 'agent', password: PASSWORD });
  const first = await signInEnglish(email);
  const setup = await show(first, '/admin/tweestaps?lang=en');
  await submit(first, setup, '/admin/tweestaps/aanzetten?lang=en', { code: '000000' }, 422);
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(setup)![1]!.replace(/ /g, '');
  const on = await submit(first, setup, '/admin/tweestaps/aanzetten?lang=en', { code: totpCode(secret, new Date()) });
  const state = await show(first, on.headers.location!);
  await submit(first, state, '/admin/tweestaps/uitzetten?lang=en', { current: 'wrong', code: '000000' }, 422);

  const second = request.agent(app);
  const again = await show(second, '/admin/inloggen?lang=en');
  const toCode = await second.post('/admin/inloggen?lang=en').type('form').send({ _csrf: csrf(again), email, password: PASSWORD, next: '/admin/zaken' });
  expect(staysEnglish(toCode, 'to the code')).toBe('/admin/inloggen/code?next=%2Fadmin%2Fzaken&lang=en');
  expect(staysEnglish(await second.get('/admin/taken?lang=en'), 'code first')).toBe('/admin/inloggen/code?lang=en');
  const code = await show(second, toCode.headers.location!);
  await submit(second, code, '/admin/inloggen/code?lang=en', { code: '000000', next: '/admin/zaken' }, 401);
});
