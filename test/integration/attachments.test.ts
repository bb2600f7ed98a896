/**
 * Attachments over HTTP against the real stack (web app, Temporal dev server with a worker,
 * embedded Postgres): a customer adds photos and PDFs on the form and on the status page, a file
 * that is not what it claims and a sixth file are refused at the field with what was typed kept;
 * staff download with safe headers, nobody signed out does; nothing of a file reaches Temporal,
 * decrypted or not; erasure and retention delete the files.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { addAttachments, listAttachments } from '../../src/db/attachments';
import type { Sql } from '../../src/db/db';
import { applyRetention } from '../../src/db/retention';
import { loadSettings } from '../../src/db/settings';
import { createStaff } from '../../src/db/staff';
import { statusToken } from '../../src/domain/statusToken';
import { eraseCase } from '../../src/retention/erase';
import { checkUploads } from '../../src/attachments/rules';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { csrf, signInAs } from '../support/adminSession';
import { heic, JPEG, pdf, png } from '../support/attachmentFiles';
import { storeCase, TEST_STATUS_LINKS } from '../support/cases';
import { decryptedPayloads } from '../support/decryptedHistory';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'attachments-test';
const PASSWORD = 'correct horse battery staple';
const suffix = randomUUID().slice(0, 8);
const agentEmail = `agent.${suffix}@ccv.test`;
const governanceEmail = `bestuur.${suffix}@ccv.test`;

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app({ rateLimits: { submissions: 1000, statusActions: 1000 } });
  await createStaff(sql, { email: agentEmail, name: 'Test behandelaar', role: 'agent', password: PASSWORD });
  await createStaff(sql, { email: governanceEmail, name: 'Test bestuur', role: 'governance', password: PASSWORD });
}, 120_000);

afterAll(() => stack?.stop());

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in the form`);
  return match[1]!;
}

const typed = {
  caseType: 'complaint',
  name: `Femke Bijlage ${suffix}`,
  email: `femke.${suffix}@example.nl`,
  category: 'malfunction',
  description: `Mijn pinautomaat geeft foutcode E42 (${suffix}); foto en bon in de bijlage.`,
};

type File = { name: string; bytes: Buffer; type?: string };

/** Opens the form and sends it as a browser does: multipart, the fields first, then the files. */
async function sendForm(files: File[], fields: Record<string, string> = typed): Promise<{ agent: TestAgent; res: request.Response; submissionId: string }> {
  const agent = request.agent(app);
  const form = await agent.get('/').expect(200);
  expect(form.text).toContain('enctype="multipart/form-data"');
  const submissionId = hidden(form.text, 'submissionId');
  let post = agent.post('/').field('_csrf', hidden(form.text, '_csrf')).field('submissionId', submissionId).field('lang', 'nl');
  for (const [k, v] of Object.entries(fields)) post = post.field(k, v);
  for (const f of files) post = post.attach('attachments', f.bytes, { filename: f.name, contentType: f.type ?? 'application/octet-stream' });
  return { agent, res: await post, submissionId };
}

/** The case's workflow history as anyone reads it, and every payload decrypted with the key. */
async function historyText(reference: string): Promise<string> {
  const json = historyToJSON(await client.workflow.getHandle(reference).fetchHistory());
  return [json, ...await decryptedPayloads(json, 'latin1')].join('\n');
}

const statusPath = (reference: string) => `/status/${statusToken(TEST_STATUS_LINKS.secret, reference)}`;

let formReference: string;
const photo = png(7, 5);
const receipt = pdf(`Bon ${suffix}`);

test('the form takes a photo and a PDF, checked by content; the case page lists them and staff download them with safe headers', async () => {
  const { res } = await sendForm([
    // The browser's type and the name's extension do not count: the content does.
    { name: `Foto terminal ${suffix}.jpeg`, bytes: photo, type: 'image/jpeg' },
    { name: `C:\\fakepath\\bon-${suffix}.pdf`, bytes: receipt, type: 'application/pdf' },
  ]);
  expect(res.status).toBe(303);
  formReference = /\/ontvangen\/(KL-\d{4}-\d{6})$/.exec(res.headers.location ?? '')![1]!;
  const stored = await listAttachments(sql, formReference);
  expect(stored.map((a) => [a.fileName, a.contentType, a.size, a.source])).toEqual([
    [`Foto terminal ${suffix}.png`, 'image/png', photo.length, 'form'],
    [`bon-${suffix}.pdf`, 'application/pdf', receipt.length, 'form'],
  ]);

  // Nobody signed out gets a file; a governance member may see no case at all.
  const href = `/admin/zaken/${formReference}/bijlagen/${stored[0]!.id}`;
  const anonymous = await request(app).get(href);
  expect(anonymous.status).toBeGreaterThanOrEqual(300);
  expect(anonymous.status).toBeLessThan(400);
  expect(anonymous.headers.location).toMatch(/^\/admin\/inloggen/);
  expect(anonymous.headers['content-disposition']).toBeUndefined();
  await (await signInAs(app, governanceEmail, PASSWORD)).get(href).expect(403);

  const staff = await signInAs(app, agentEmail, PASSWORD);
  const page = await staff.get(`/admin/zaken/${formReference}`).expect(200);
  expect(page.text).toContain('Bijlagen');
  expect(page.text).toContain(`Foto terminal ${suffix}.png`);
  expect(page.text).toContain('klant, via het formulier');
  expect(page.text).toContain(`href="${href}"`);

  const download = await staff.get(href).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200);
  expect(download.headers['content-type']).toBe('image/png');
  expect(download.headers['content-disposition']).toBe(`attachment; filename="Foto terminal ${suffix}.png"`);
  expect(download.headers['x-content-type-options']).toBe('nosniff');
  expect(download.headers['cache-control']).toBe('no-store');
  expect(Buffer.compare(download.body as Buffer, photo)).toBe(0);
  const pdfDownload = await staff.get(`/admin/zaken/${formReference}/bijlagen/${stored[1]!.id}`).expect(200);
  expect(pdfDownload.headers['content-type']).toBe('application/pdf');
  expect(pdfDownload.headers['content-disposition']).toBe(`attachment; filename=bon-${suffix}.pdf`);
  // Each download is on the case's audit log.
  const downloads = await sql<{ detail: { id: string } }[]>`
    SELECT detail FROM audit_log WHERE reference = ${formReference} AND action = 'attachment.download' ORDER BY id`;
  expect(downloads.map((d) => d.detail.id)).toEqual([stored[0]!.id, stored[1]!.id]);
  // An id of another case, or no id at all, finds nothing.
  await staff.get(`/admin/zaken/KL-2000-000001/bijlagen/${stored[0]!.id}`).expect(404);
  await staff.get(`/admin/zaken/${formReference}/bijlagen/${randomUUID()}`).expect(404);
  await staff.get(`/admin/zaken/${formReference}/bijlagen/..%2F..%2Fetc`).expect(404);
});

test('a .jpg that is really text is refused at the field, nothing is stored, and what was typed comes back', async () => {
  const { res, submissionId } = await sendForm([
    { name: 'foto.png', bytes: png() , type: 'image/png' },
    { name: 'vakantiefoto.jpg', bytes: Buffer.from('Dit is tekst, geen foto.'), type: 'image/jpeg' },
  ]);
  expect(res.status).toBe(422);
  expect(res.text).toMatch(/<title>Fout:/);
  expect(res.text).toContain('vakantiefoto.jpg is geen foto (JPEG, PNG, WebP of HEIC) of PDF.');
  expect(res.text).toContain('Je browser bewaart gekozen bestanden niet: kies ze opnieuw.');
  expect(res.text).toContain('<a href="#attachments">');
  expect(res.text).toContain('aria-invalid="true"');
  expect(res.text).toContain(`value="${typed.name}"`);
  expect(res.text).toContain(`value="${typed.email}"`);
  expect(res.text).toContain(`${typed.description}</textarea>`);
  expect(res.text).toContain(`value="${submissionId}"`);
  expect(await sql`SELECT 1 FROM cases WHERE submission_key = ${submissionId}`).toEqual([]);
});

test('a sixth file and a file over 10 MB are refused on the form with what was typed kept; English too', async () => {
  const six = [1, 2, 3, 4, 5, 6].map((n) => ({ name: `foto-${n}.png`, bytes: png(n, n), type: 'image/png' }));
  const { res } = await sendForm(six);
  expect(res.status).toBe(422);
  expect(res.text).toContain('Je kunt maximaal 5 bestanden toevoegen.');
  expect(res.text).toContain(`${typed.description}</textarea>`);

  const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024)]);
  const large = await sendForm([{ name: 'scan.pdf', bytes: big }]);
  expect(large.res.status).toBe(422);
  expect(large.res.text).toContain('scan.pdf is groter dan 10 MB.');
  expect(large.res.text).toContain(`value="${typed.name}"`);

  // Other field errors and a file: the customer hears to choose the file again.
  const english = request.agent(app);
  const form = await english.get('/?lang=en').expect(200);
  const refused = await english.post('/?lang=en').field('_csrf', hidden(form.text, '_csrf')).field('lang', 'en')
    .field('name', 'Femke').field('description', 'Kort')
    .attach('attachments', Buffer.from('plain text'), { filename: 'photo.heic', contentType: 'image/heic' }).expect(422);
  expect(refused.text).toContain('photo.heic is not a photo (JPEG, PNG, WebP or HEIC) or a PDF.');
  expect(refused.text).toContain('value="Femke"');
});

test('a cut-off multipart body is refused at the file field, not as a server error', async () => {
  const agent = request.agent(app);
  const form = await agent.get('/').expect(200);
  const part = (name: string, value: string) => `--XYZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = part('_csrf', hidden(form.text, '_csrf')) + part('lang', 'nl') + part('name', 'Femke Afgebroken')
    + '--XYZ\r\nContent-Disposition: form-data; name="attachments"; filename="half.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG';
  const res = await agent.post('/').set('Content-Type', 'multipart/form-data; boundary=XYZ').send(body).expect(422);
  expect(res.text).toContain('We konden de bestanden niet goed ontvangen.');
  expect(res.text).toContain('value="Femke Afgebroken"');
});

test('a form that announces more than any form can hold is refused unread; an address cannot have forms with files read without end', async () => {
  // Announced at 40 MB, sent 1 kB: the answer comes before the rest, without waiting for it.
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers: {
      'Content-Type': 'multipart/form-data; boundary=XYZ', 'Content-Length': String(40 * 1024 * 1024),
    } }, (res) => { resolve(res.statusCode!); req.destroy(); });
    req.on('error', reject);
    req.write(`--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n${'x'.repeat(1024)}`);
  });
  await new Promise((resolve) => server.close(resolve));
  expect(status).toBe(413);

  // Forms with files from one address: beyond the limit, refused before they are read.
  const limited = stack.app({ rateLimits: { formReads: 2 } });
  const agent = request.agent(limited);
  const form = await agent.get('/').expect(200);
  for (let i = 0; i < 2; i++) await agent.post('/').field('_csrf', hidden(form.text, '_csrf')).field('name', '').attach('attachments', photo, 'a.png').expect(422);
  const refused = await agent.post('/').field('_csrf', hidden(form.text, '_csrf')).attach('attachments', photo, 'a.png').expect(429);
  expect(refused.text).toContain('Fout: ');
});

test('the status page lists the customer\'s files, takes more up to five in all, refuses a sixth, and serves the customer\'s own', async () => {
  const path = statusPath(formReference);
  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  expect(page.text).toContain('Je bestanden');
  expect(page.text).toContain(`Foto terminal ${suffix}.png`);
  expect(page.text).toContain(`action="${path}/bijlagen"`);

  // Without a CSRF token: refused, nothing stored.
  await agent.post(`${path}/bijlagen`).attach('attachments', JPEG, 'los.jpg').expect(403);
  // No file chosen.
  const none = await agent.post(`${path}/bijlagen`).field('_csrf', csrf(page.text)).expect(422);
  expect(none.text).toContain('Kies eerst een bestand.');

  const added = await agent.post(`${path}/bijlagen`).field('_csrf', csrf(page.text))
    .attach('attachments', JPEG, { filename: 'serienummer café.jpg', contentType: 'image/jpeg' })
    .attach('attachments', heic(), { filename: 'IMG_4021.HEIC', contentType: 'image/heic' }).expect(303);
  expect(added.headers.location).toBe(`${path}?done=attachments`);
  const after = await agent.get(added.headers.location!).expect(200);
  expect(after.text).toContain('Bedankt, we hebben je bestanden ontvangen.');
  expect(after.text).toContain('IMG_4021.heic');

  // Four on the case: two more are one too many; the same file again adds nothing and is no error.
  const tooMany = await agent.post(`${path}/bijlagen`).field('_csrf', csrf(after.text))
    .attach('attachments', png(9, 9), 'a.png').attach('attachments', png(10, 10), 'b.png').expect(422);
  expect(tooMany.text).toContain('Een zaak kan maximaal 5 bestanden hebben; je kunt er nog 1 toevoegen.');
  await agent.post(`${path}/bijlagen`).field('_csrf', csrf(after.text)).attach('attachments', JPEG, 'serienummer-nogmaals.jpg').expect(303);
  expect(await listAttachments(sql, formReference)).toHaveLength(4);
  await agent.post(`${path}/bijlagen`).field('_csrf', csrf(after.text)).attach('attachments', png(9, 9), 'vijfde.png').expect(303);
  const full = await agent.get(path).expect(200);
  expect(full.text).toContain('Je hebt het maximum van 5 bestanden bereikt.');
  expect(full.text).not.toContain(`action="${path}/bijlagen"`);
  const sixth = await agent.post(`${path}/bijlagen`).field('_csrf', csrf(full.text)).attach('attachments', png(11, 11), 'zesde.png').expect(422);
  expect(sixth.text).toContain('Je hebt het maximum van 5 bestanden bereikt.');
  const stored = await listAttachments(sql, formReference);
  expect(stored.map((a) => a.source)).toEqual(['form', 'form', 'status-page', 'status-page', 'status-page']);

  // A name beyond ASCII: an ASCII fallback and the UTF-8 name (RFC 6266).
  const named = await agent.get(`${path}/bijlagen/${stored[2]!.id}`).expect(200);
  expect(named.headers['content-disposition']).toBe(`attachment; filename="serienummer caf?.jpg"; filename*=UTF-8''serienummer%20caf%C3%A9.jpg`);
  expect(named.headers['content-type']).toBe('image/jpeg');
  const own = await agent.get(`${path}/bijlagen/${stored[1]!.id}`).expect(200);
  expect(own.headers['content-type']).toBe('application/pdf');
  expect(own.headers['content-disposition']).toBe(`attachment; filename=bon-${suffix}.pdf`);
  expect(own.headers['x-content-type-options']).toBe('nosniff');
  // Another case's file through this link: not found.
  const other = await storeCase(sql);
  const checked = checkUploads([{ name: 'ander.png', bytes: png(3, 3) }], { count: 0, bytes: 0 }).files;
  await addAttachments(sql, other.reference, checked, 'status-page');
  const [otherFile] = await listAttachments(sql, other.reference);
  await agent.get(`${path}/bijlagen/${otherFile!.id}`).expect(404);
  await request(app).get(`${statusPath(other.reference)}/bijlagen/${otherFile!.id}`).expect(200);
});

test('nothing of a file reaches Temporal: not its name, not its bytes, encrypted or decrypted', async () => {
  const handle = client.workflow.getHandle<typeof caseWorkflow>(formReference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  const text = await historyText(formReference);
  expect(text).toContain(formReference);
  for (const needle of [suffix, 'Foto terminal', 'serienummer', 'IMG_4021', 'fakepath', 'vijfde']) expect(text).not.toContain(needle);
  const { rows } = { rows: await sql<{ content: Buffer }[]>`SELECT content FROM attachments WHERE reference = ${formReference}` };
  for (const { content } of rows) {
    for (const encoding of ['base64', 'hex', 'latin1'] as const) {
      expect(text).not.toContain(content.subarray(0, 48).toString(encoding));
    }
  }
});

test('erasure deletes the case\'s files; its status page and downloads are gone', async () => {
  const stored = await listAttachments(sql, formReference);
  expect(stored).toHaveLength(5);
  await eraseCase({ sql, client }, { reference: formReference, reason: 'Verzoek van de klant per e-mail', by: { email: agentEmail } });
  expect(await listAttachments(sql, formReference)).toEqual([]);
  expect(await sql`SELECT 1 FROM attachments WHERE reference = ${formReference}`).toEqual([]);
  const staff = await signInAs(app, agentEmail, PASSWORD);
  await staff.get(`/admin/zaken/${formReference}/bijlagen/${stored[0]!.id}`).expect(404);
  expect((await staff.get(`/admin/zaken/${formReference}`).expect(200)).text).toContain('Geen bijlagen.');
  await request(app).get(`${statusPath(formReference)}/bijlagen/${stored[0]!.id}`).expect(404);
}, 120_000);

test('a case past its retention period loses its files with its personal data; a younger case keeps them', async () => {
  const old = await storeCase(sql, { receivedAt: new Date('2001-03-01T10:00:00Z') });
  const young = await storeCase(sql, { receivedAt: new Date('2001-03-02T10:00:00Z') });
  for (const c of [old, young]) {
    expect(await addAttachments(sql, c.reference, checkUploads([{ name: 'bon.pdf', bytes: pdf(c.reference) }], { count: 0, bytes: 0 }).files, 'form'))
      .toEqual({ ok: true, added: 1 });
  }
  await sql`UPDATE cases SET status = 'closed', closure = 'answered', closed_at = '2001-04-01T10:00:00Z' WHERE reference = ${old.reference}`;
  await sql`UPDATE cases SET status = 'closed', closure = 'answered', closed_at = '2003-04-01T10:00:00Z' WHERE reference = ${young.reference}`;
  const { retention } = await loadSettings(sql);
  // As of a moment long ago, so that only these old cases are concerned, not other tests' cases.
  const asOf = new Date(new Date('2001-04-02T10:00:00Z').getTime() + retention.closedCaseDays * 86_400_000);
  await applyRetention(sql, retention, asOf);
  expect(await listAttachments(sql, old.reference)).toEqual([]);
  expect(await listAttachments(sql, young.reference)).toHaveLength(1);
  // An anonymised case takes no files any more.
  expect(await addAttachments(sql, old.reference, checkUploads([{ name: 'x.png', bytes: png() }], { count: 0, bytes: 0 }).files, 'status-page'))
    .toEqual({ ok: false, problem: { kind: 'gone' } });
  // The young case would fall under another test's retention run (retention.test.ts counts what a
  // run as of 2013 removes): gone with its file, as it came.
  await sql`DELETE FROM cases WHERE reference = ${young.reference}`;
});
