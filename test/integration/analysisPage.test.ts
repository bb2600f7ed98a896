/**
 * The analysis page (/admin/analyse), its links into the case list and its CSV export, over HTTP
 * against the real stack, with cases written straight into the read model.
 *
 * The cases lie in February 2013 (a few just outside it, and three in June 2013 for the CSV's
 * neutralising): a past period that no other test uses, so that every promise is judged at the
 * page's measuring moment (now), as it will be for real periods. February 2013 has no holidays:
 *   working days: Fri 1 | 4 5 6 7 8 | 11 12 13 14 15 | 18 19 20 21 22 | 25 26 27 28 | Mar: 1 | 4 ...
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { exportCases } from '../../src/db/analysisExport';
import type { Sql } from '../../src/db/db';
import { createStaff } from '../../src/db/staff';
import type { Role } from '../../src/domain/staff';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { devStack, type DevStack } from '../support/devStack';
import { signInAs } from '../support/adminSession';

const PASSWORD = 'correct horse battery staple';
const calendar = new WorkingDayCalendar();

let stack: DevStack;
let sql: Sql;
let app: ReturnType<DevStack['app']>;
const staff: Partial<Record<Role, string>> = {};

const web = { channel: 'web' } as const;
const complaint = { caseType: 'complaint', ...web } as const;
const feedback = { caseType: 'feedback', ...web } as const;

const CASES: AnalysisCase[] = [
  // A1 response Fri 8 Feb: WD 5,6,7,8 = 4 (due Mon 11 Feb: in time); outcome Wed 20 Feb (in time). Score 4.
  { reference: 'KL-2013-960001', ...complaint, category: 'billing', receivedAt: '2013-02-04T10:00:00+01:00',
    acknowledgedAt: '2013-02-04T10:01:00+01:00', respondedAt: '2013-02-08T10:00:00+01:00', resolvedAt: '2013-02-20T10:00:00+01:00',
    closedAt: '2013-03-25T10:00:00+01:00', closure: 'no-objection', justified: 'justified', rootCause: 'billing',
    satisfaction: { score: 4, at: '2013-03-26T10:00:00+01:00' } },
  // A2 confirmed after 25 hours (late); response Thu 14 Feb (due Tue 12 Feb: late); outcome Fri 1 Mar (WD 18: in time).
  { reference: 'KL-2013-960002', ...complaint, category: 'billing', receivedAt: '2013-02-05T09:00:00+01:00',
    acknowledgedAt: '2013-02-06T10:00:00+01:00', respondedAt: '2013-02-14T10:00:00+01:00', resolvedAt: '2013-03-01T10:00:00+01:00',
    closedAt: '2013-04-02T10:00:00+02:00', closure: 'no-objection', justified: 'partly', rootCause: 'billing',
    breaches: ['acknowledgement-overdue', 'substantive-response-overdue'] },
  // A3 by phone, no email: response Mon 11 Feb (in time); no outcome ever (34 WD long passed: late). Still open.
  { reference: 'KL-2013-960003', caseType: 'complaint', channel: 'phone', email: null, category: 'delivery',
    receivedAt: '2013-02-06T14:00:00+01:00', respondedAt: '2013-02-11T10:00:00+01:00', breaches: ['resolution-overdue'] },
  // A4 feedback, response Mon 18 Feb (due Thu 14 Feb: late), answered and closed.
  { reference: 'FB-2013-960004', ...feedback, category: 'other', receivedAt: '2013-02-07T11:00:00+01:00',
    acknowledgedAt: '2013-02-07T11:00:30+01:00', respondedAt: '2013-02-18T10:00:00+01:00', closedAt: '2013-02-18T10:00:00+01:00',
    closure: 'answered', breaches: ['substantive-response-overdue'] },
  // A5 feedback answered the next day.
  { reference: 'FB-2013-960005', ...feedback, category: 'service', receivedAt: '2013-02-25T09:00:00+01:00',
    acknowledgedAt: '2013-02-25T09:00:30+01:00', respondedAt: '2013-02-26T09:00:00+01:00', closedAt: '2013-02-26T09:00:00+01:00',
    closure: 'answered' },
  // A6 the last half hour of February: response Mon 4 Mar (WD 1,4 = 2: in time), outcome Fri 8 Mar; objection not upheld.
  { reference: 'KL-2013-960006', ...complaint, category: 'delivery', receivedAt: '2013-02-28T23:30:00+01:00',
    acknowledgedAt: '2013-02-28T23:31:00+01:00', respondedAt: '2013-03-04T10:00:00+01:00', resolvedAt: '2013-03-08T10:00:00+01:00',
    objectedAt: '2013-03-10T10:00:00+01:00', objectionUpheld: false, closedAt: '2013-03-20T10:00:00+01:00',
    closure: 'objection-decided', justified: 'unjustified', rootCause: 'delivery' },
  // Just outside February.
  { reference: 'KL-2013-960007', ...complaint, category: 'billing', receivedAt: '2013-03-01T00:00:00+01:00',
    acknowledgedAt: '2013-03-01T00:01:00+01:00', breaches: ['substantive-response-overdue'] },
  { reference: 'KL-2013-960008', ...complaint, category: 'billing', receivedAt: '2013-01-31T23:59:59+01:00',
    acknowledgedAt: '2013-02-01T00:01:00+01:00', breaches: ['substantive-response-overdue'] },
  // June 2013, for the CSV: root causes as a hand-written read model could hold them (the app's keys never start so).
  { reference: 'KL-2013-960009', ...complaint, category: 'other', receivedAt: '2013-06-03T10:00:00+02:00', rootCause: '=HYPERLINK("http://x.example")' },
  { reference: 'KL-2013-960010', ...complaint, category: 'other', receivedAt: '2013-06-04T10:00:00+02:00', rootCause: '-2+3' },
  { reference: 'KL-2013-960011', ...complaint, category: 'other', receivedAt: '2013-06-05T10:00:00+02:00', rootCause: '@SUM(A1)' },
];
const FEBRUARY = '/admin/analyse?period=month&month=2013-02';

beforeAll(async () => {
  stack = await devStack('analysis-page-test');
  sql = stack.sql;
  app = stack.app();
  const suffix = randomUUID().slice(0, 6);
  for (const role of ['agent', 'team-lead', 'coordinator', 'admin', 'governance'] as Role[]) {
    staff[role] = `${role}.analysis.${suffix}@ccv.test`;
    await createStaff(sql, { email: staff[role]!, name: `Test ${role}`, role, password: PASSWORD });
  }
  await removeAnalysisCases(sql, CASES.map((c) => c.reference));
  for (const c of CASES) await insertAnalysisCase(sql, calendar, c);
});

afterAll(async () => {
  if (sql) await removeAnalysisCases(sql, CASES.map((c) => c.reference));
  await stack?.stop();
});

const signIn = (role: Role): Promise<TestAgent> => signInAs(app, staff[role]!, PASSWORD);

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"')
  .replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Every link into the case list on a page, with its text. */
function caseLinks(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a href="(\/admin\/zaken\?[^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: decode(m[1]!), text: m[2]! }));
}

/** The value shown for a figure (its headline), without tags. */
function figure(html: string, id: string): string {
  const match = new RegExp(`data-testid="figure-${id}">(.*?)</p>`).exec(html);
  if (!match) throw new Error(`no figure ${id}`);
  return decode(match[1]!.replace(/<[^>]+>/g, ''));
}

/** The number of cases the case list says it found. */
async function listTotal(agent: TestAgent, href: string): Promise<number> {
  const res = await agent.get(href).expect(200);
  const match = /data-testid="total">(\d+) (?:zaken|zaak)</.exec(res.text);
  if (!match) throw new Error(`no total on ${href}`);
  return Number(match[1]);
}

describe('the analysis page', () => {
  test('shows the hand-counted figures of February 2013, each with its definition, and trend charts with tables', async () => {
    const agent = await signIn('coordinator');
    const res = await agent.get(FEBRUARY).expect(200);
    const html = res.text;
    expect(html).toContain('februari 2013');
    expect(figure(html, 'received')).toBe('6');
    expect(figure(html, 'confirmedWithin24h')).toBe('80%'); // A1, A4, A5, A6 of the 5 web cases with an address
    expect(figure(html, 'responseWithin5WorkingDays')).toBe('66,7%'); // A1, A3, A5, A6 of 6
    expect(figure(html, 'settledWithin34WorkingDays')).toBe('75%'); // A1, A2, A6 of the 4 complaints
    expect(figure(html, 'breaches')).toBe('3'); // A2, A3, A4
    expect(figure(html, 'rootCauses')).toBe('3'); // A1, A2 billing; A6 delivery
    expect(figure(html, 'justified')).toBe('3');
    expect(figure(html, 'openByAge')).toBe('1'); // A3
    expect(figure(html, 'objections')).toBe('33,3%'); // A6 of A1, A2, A6
    expect(figure(html, 'satisfaction')).toBe('4 / 5');
    // Each figure with its definition; the general definition once.
    expect(html).toContain('Het deel van de meldingen via het webformulier (met e-mailadres)');
    expect(html).toContain('Alle cijfers gaan over meldingen die in de periode zijn ontvangen');
    // Three charts as inline SVG (no script), each followed by a table of the same numbers.
    expect(html.match(/<svg role="img"/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<figure class="chart"[\s\S]*?<\/figure>/g)!.every((f) => /<svg[\s\S]*<\/svg>[\s\S]*<table[\s\S]*<th scope="row">/.test(f))).toBe(true);
    // The received table lists the 12 months up to February 2013, the last with the 6 cases.
    expect(html).toMatch(/<th scope="row">maart 2012<\/th>/);
    expect(html).toMatch(/<th scope="row">februari 2013<\/th><td><a href="[^"]*">6<\/a><\/td><td><a href="[^"]*">4<\/a><\/td><td><a href="[^"]*">2<\/a><\/td>/);
    // The CSP stays as strict as it is: no inline script allowed.
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  test('every count links to the case list, whose total is that count', async () => {
    for (const role of ['coordinator', 'team-lead', 'admin'] as Role[]) {
      const agent = await signIn(role);
      const html = (await agent.get(FEBRUARY).expect(200)).text;
      const links = caseLinks(html);
      if (role !== 'coordinator') {
        expect(links.length).toBeGreaterThan(50);
        continue;
      }
      expect(links.length).toBeGreaterThan(50);
      for (const { href, text } of links) {
        expect([href, await listTotal(agent, href)]).toEqual([href, Number(text)]);
      }
      // Named ones: a breach, a root cause, a share's numerator, an age bucket.
      const find = (part: string) => links.filter((l) => l.href.includes(part) && l.href.includes('receivedTo=2013-02-28'));
      expect(find('breach=substantive-response-overdue').map((l) => l.text)).toEqual(['2']);
      expect(find('rootCause=billing').map((l) => l.text)).toEqual(['2']);
      expect(find('acknowledgement=in-time').map((l) => l.text)).toContain('4');
      const billing = find('rootCause=billing')[0]!.href;
      const list = (await agent.get(billing).expect(200)).text;
      expect(list).toContain('KL-2013-960001');
      expect(list).toContain('KL-2013-960002');
      expect(list).not.toContain('KL-2013-960006');
      // The filter in words, with a link that clears it.
      expect(list).toContain('grondoorzaak: billing');
      expect(list).toContain('href="/admin/zaken"');
    }
  });

  test('the case list keeps its own filters next to an analysis filter', async () => {
    const agent = await signIn('coordinator');
    const base = '/admin/zaken?receivedFrom=2013-02-01&receivedTo=2013-02-28';
    expect(await listTotal(agent, base)).toBe(6);
    expect(await listTotal(agent, `${base}&type=feedback`)).toBe(2);
    expect(await listTotal(agent, `${base}&channel=phone`)).toBe(1);
    expect(await listTotal(agent, `${base}&breached=1&category=billing`)).toBe(1);
    expect(await listTotal(agent, `${base}&q=KL-2013-96000`)).toBe(4);
    // The form keeps the analysis filter as hidden fields.
    const html = (await agent.get(`${base}&breach=any`).expect(200)).text;
    expect(html).toContain('<input type="hidden" name="breach" value="any">');
    expect(html).toContain('<input type="hidden" name="receivedFrom" value="2013-02-01">');
  });

  test('a governance member sees the numbers but no link to a case, and no CSV', async () => {
    const agent = await signIn('governance');
    await agent.get('/admin').expect(303).expect('location', '/admin/analyse');
    const html = (await agent.get(FEBRUARY).expect(200)).text;
    expect(figure(html, 'received')).toBe('6');
    expect(figure(html, 'breaches')).toBe('3');
    expect(html).not.toContain('/admin/zaken');
    expect(html).not.toContain('export.csv');
    expect(html).not.toContain('KL-2013');
    await agent.get('/admin/analyse/export.csv?period=month&value=2013-02').expect(403);
    await agent.get('/admin/zaken?receivedFrom=2013-02-01').expect(403);
    await agent.get('/admin/zaken/KL-2013-960001').expect(403);
  });
});

describe('bad input: 400 with the reason at the form, never 500', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown kind of period', '/admin/analyse?period=week&value=2013-07', /Onbekende soort periode &quot;week&quot;/],
    ['from after to', '/admin/analyse?period=range&from=2013-03-01&to=2013-02-01', /De begindatum \(2013-03-01\) ligt na de einddatum \(2013-02-01\)/],
    ['more than five years', '/admin/analyse?period=range&from=2010-01-01&to=2016-01-01', /langer dan 5 jaar/],
    ['an unknown category', '/admin/analyse?period=month&month=2013-02&category=weather', /Onbekende categorie &quot;weather&quot;/],
    ['a month that does not exist', '/admin/analyse?period=month&month=2013-13', /&quot;2013-13&quot; is geen maand/],
    ['a period given twice', '/admin/analyse?period=month&period=year', /één keer/],
    ['a date that does not exist', '/admin/analyse?from=2013-02-30&to=2013-03-01', /&quot;2013-02-30&quot; is geen geldige datum/],
  ];

  test.each(cases)('%s', async (_name, path, reason) => {
    const agent = await signIn('coordinator');
    const res = await agent.get(path).expect(400);
    expect(res.text).toMatch(reason);
    expect(res.text).toContain('id="error-summary"');
    expect(res.text).not.toContain('class="analysis-section"');
  });

  test('what was typed stays in the form; English at ?lang=en; the CSV refuses the same way', async () => {
    const agent = await signIn('coordinator');
    const typed = await agent.get('/admin/analyse?period=range&from=2013-03-01&to=2013-02-01&month=2013-02&quarter=2013-Q9&channel=phone').expect(400);
    expect(typed.text).toContain('id="from" name="from" value="2013-03-01"');
    expect(typed.text).toContain('id="to" name="to" value="2013-02-01"');
    expect(typed.text).toContain('id="quarter" name="quarter" value="2013-Q9"');
    expect(typed.text).toMatch(/id="period-range" name="period" value="range" checked/);
    expect(typed.text).toContain('<option value="phone" selected>');
    const english = await agent.get('/admin/analyse?lang=en&period=year&year=13').expect(400);
    expect(english.text).toContain('&quot;13&quot; is not a year');
    await agent.get('/admin/analyse/export.csv?period=range&from=2013-03-01&to=2013-02-01').expect(400)
      .expect((r) => expect(r.text).toContain('ligt na de einddatum'));
  });

  test('the case list refuses a filter value that does not exist', async () => {
    const agent = await signIn('coordinator');
    for (const [path, reason] of [
      ['/admin/zaken?breach=late-ish', /Onbekende waarde &quot;late-ish&quot; voor termijnoverschrijding/],
      ['/admin/zaken?receivedFrom=2013-02-30', /Onbekende waarde &quot;2013-02-30&quot; voor ontvangen vanaf/],
      ['/admin/zaken?category=weather', /Onbekende waarde &quot;weather&quot; voor categorie/],
      ['/admin/zaken?rootCause=%3DSUM(1)', /voor grondoorzaak/],
    ] as const) {
      const res = await agent.get(path).expect(400);
      expect(res.text).toMatch(reason);
      expect(res.text).not.toContain('data-testid="total"');
    }
  });
});

describe('the CSV export', () => {
  test('reads back with a CSV parser: the cases of the period, the fields the figures use, no personal data', async () => {
    const agent = await signIn('coordinator');
    const html = (await agent.get(FEBRUARY).expect(200)).text;
    const href = decode(/href="(\/admin\/analyse\/export\.csv\?[^"]+)"/.exec(html)![1]!);
    const res = await agent.get(href).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="klachtflow-analyse-2013-02.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
    const text = body.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(8); // header, 6 cases, and the last line's end
    expect(text).not.toMatch(/example\.nl|Testklant|Een melding voor de analyse/);
    const rows = parse(body, { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.referentie)).toEqual(['KL-2013-960001', 'KL-2013-960002', 'KL-2013-960003', 'FB-2013-960004',
      'FB-2013-960005', 'KL-2013-960006']);
    expect(Object.keys(rows[0]!)).toEqual(['referentie', 'soort', 'categorie', 'kanaal', 'ontvangen_op', 'bevestigd_op',
      'inhoudelijke_reactie_op', 'uitkomst_op', 'afgesloten_op', 'werkdagen_tot_reactie', 'werkdagen_tot_uitkomst',
      'termijnoverschrijdingen', 'gegrondheid', 'grondoorzaak', 'bezwaar', 'bezwaar_gegrond', 'tevredenheid']);
    expect(rows[0]).toMatchObject({ soort: 'complaint', categorie: 'billing', kanaal: 'web', ontvangen_op: '2013-02-04 10:00',
      bevestigd_op: '2013-02-04 10:01', inhoudelijke_reactie_op: '2013-02-08 10:00', werkdagen_tot_reactie: '4',
      gegrondheid: 'justified', grondoorzaak: 'billing', bezwaar: 'nee', bezwaar_gegrond: '', tevredenheid: '4' });
    expect(rows[1]!.termijnoverschrijdingen).toBe('acknowledgement-overdue,substantive-response-overdue');
    expect(rows[2]).toMatchObject({ kanaal: 'phone', uitkomst_op: '', werkdagen_tot_uitkomst: '' });
    expect(rows[5]).toMatchObject({ ontvangen_op: '2013-02-28 23:30', bezwaar: 'ja', bezwaar_gegrond: 'nee', gegrondheid: 'unjustified' });
    // Audited: who took the cases out, for which period.
    const [audit] = await sql<{ detail: Record<string, unknown> }[]>`
      SELECT detail FROM audit_log WHERE action = 'analysis.export' AND staff_email = ${staff.coordinator!} ORDER BY id DESC LIMIT 1`;
    expect(audit!.detail).toEqual({ period: '2013-02' });
  });

  test('cells that a spreadsheet would run as a formula get an apostrophe; English headers at ?lang=en', async () => {
    const agent = await signIn('team-lead');
    const res = await agent.get('/admin/analyse/export.csv?period=month&value=2013-06&lang=en').expect(200);
    const rows = parse(res.text, { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.root_cause)).toEqual(["'=HYPERLINK(\"http://x.example\")", "'-2+3", "'@SUM(A1)"]);
    expect(rows[0]).toMatchObject({ reference: 'KL-2013-960009', objected: 'no' });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('the rows come from a cursor, a batch at a time', async () => {
    const batches: number[] = [];
    for await (const batch of exportCases(sql, { receivedFrom: '2013-02-01', receivedTo: '2013-02-28' }, 4)) batches.push(batch.length);
    expect(batches).toEqual([4, 2]);
  });

  test('only for those who may see cases as well as the analysis', async () => {
    for (const role of ['agent', 'governance'] as Role[]) {
      await (await signIn(role)).get('/admin/analyse/export.csv?period=month&value=2013-02').expect(403);
    }
    await request(app).get('/admin/analyse/export.csv').expect(303);
  });
});
