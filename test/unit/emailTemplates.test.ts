import { readdirSync } from 'node:fs';
import path from 'node:path';
import { renderEmail } from '../../src/email/render';
import { EMAIL_TEMPLATES } from '../../src/email/templates';

const data = {
  reference: 'KL-2026-000007', name: 'Anna & Co', isComplaint: true, noun: 'klacht', category: 'Storing',
  description: 'De terminal <b>valt</b> uit.', receivedAt: '24 december 2026 om 16:00',
  substantiveResponseDue: 'maandag 4 januari 2027', resolutionDue: 'vrijdag 12 februari 2027',
  question: 'Wat is het serienummer?', text: 'Zie https://www.ccv.eu/nl/ voor <meer>.', reason: 'Analyse nodig',
  expectedDate: 'vrijdag 26 februari 2027', outcome: 'Gegrond', solution: 'Nieuwe terminal',
  objectionWindowEnds: 'zondag 14 februari 2027', reviewDue: 'maandag 15 maart 2027', decision: 'Vergoeding', upheld: '',
  statusUrl: 'https://klachten.example.nl/status/abcdefghijklmnopqrstuvwxyz012345',
};

test('every email exists in Dutch and English and renders without gaps', () => {
  const files = readdirSync(path.join(__dirname, '..', '..', 'src', 'email', 'templates'));
  for (const template of EMAIL_TEMPLATES) {
    for (const language of ['nl', 'en'] as const) {
      expect(files).toContain(`${template}.${language}.hbs`);
      const mail = renderEmail(template, language, { ...data, noun: language === 'nl' ? 'klacht' : 'complaint' });
      expect(mail.subject).toContain('KL-2026-000007');
      expect(mail.subject).not.toContain('{{');
      expect(mail.text).toContain(language === 'nl' ? 'Met vriendelijke groet' : 'Kind regards');
      expect(mail.text).toContain(data.statusUrl);
      expect(mail.html).toContain(`<a href="${data.statusUrl}">`);
      expect(mail.html).toContain(`<html lang="${language}">`);
    }
  }
});

test('the Dutch acknowledgement names the reference and the dates, and does not echo the message', () => {
  const mail = renderEmail('acknowledgement', 'nl', data);
  expect(mail.subject).toBe('We hebben je klacht ontvangen (KL-2026-000007)');
  expect(mail.text).toContain('Beste Anna & Co,');
  expect(mail.text).toContain('Uiterlijk op maandag 4 januari 2027 ontvang je een inhoudelijke reactie');
  expect(mail.text).toContain('uiterlijk op vrijdag 12 februari 2027 af te handelen');
  expect(mail.text).not.toContain('De terminal');
});

test('the HTML part escapes what people typed and links only the system\'s own addresses', () => {
  const mail = renderEmail('substantive-response', 'nl', data);
  expect(mail.text).toContain('Zie https://www.ccv.eu/nl/ voor <meer>.');
  expect(mail.html).toContain('Beste Anna &amp; Co');
  // Only the system's own links are clickable: an address in a staff text stays plain text.
  expect(mail.html).toContain('Zie https://www.ccv.eu/nl/ voor &lt;meer&gt;.');
  expect(mail.html).not.toContain('<a href="https://www.ccv.eu');
  expect(mail.html).not.toContain('<meer>');
});

test('the outcome says how to object and until when', () => {
  const mail = renderEmail('outcome', 'nl', data);
  expect(mail.text).toContain('Ben je het niet eens met de uitkomst?');
  expect(mail.text).toContain('tot en met zondag 14 februari 2027 bezwaar maken');
  expect(mail.text).toContain('Kies op je persoonlijke pagina "Ik ben het niet eens met de uitkomst"');
});

test('feedback gets no resolution date; English reads as English', () => {
  const mail = renderEmail('acknowledgement', 'en', { ...data, noun: 'feedback', isComplaint: false, resolutionDue: '' });
  expect(mail.subject).toBe('We have received your feedback (KL-2026-000007)');
  expect(mail.text).toContain('Dear Anna & Co,');
  expect(mail.text).not.toContain('settle');
  expect(mail.text).not.toMatch(/\n{3,}/);
});

test('a template missing a value fails loudly instead of mailing a gap', () => {
  const { resolutionDue: _omitted, ...incomplete } = data;
  expect(() => renderEmail('acknowledgement', 'nl', incomplete)).toThrow(/resolutionDue/);
});
