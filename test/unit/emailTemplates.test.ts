import { renderEmail } from '../../src/email/render';

const data = {
  reference: 'KL-2026-000007', name: 'Anna & Co', isComplaint: true, category: 'Storing',
  description: 'De terminal <b>valt</b> uit.', receivedAt: '24 december 2026 om 16:00',
  substantiveResponseDue: 'maandag 4 januari 2027', resolutionDue: 'vrijdag 12 februari 2027',
};

test('the Dutch acknowledgement names the reference, the dates and what was sent', () => {
  const mail = renderEmail('acknowledgement', 'nl', data);
  expect(mail.subject).toBe('We hebben je klacht ontvangen (KL-2026-000007)');
  expect(mail.text).toContain('Beste Anna & Co,');
  expect(mail.text).toContain('Uiterlijk op maandag 4 januari 2027 ontvang je een inhoudelijke reactie');
  expect(mail.text).toContain('uiterlijk op vrijdag 12 februari 2027 af te handelen');
  expect(mail.text).toContain('De terminal <b>valt</b> uit.');
  expect(mail.html).toContain('<html lang="nl">');
  expect(mail.html).toContain('Beste Anna &amp; Co');
  expect(mail.html).toContain('De terminal &lt;b&gt;valt&lt;/b&gt; uit.');
  expect(mail.html).not.toContain('<b>valt</b>');
});

test('feedback gets no resolution date; English reads as English', () => {
  const mail = renderEmail('acknowledgement', 'en', { ...data, isComplaint: false, resolutionDue: '' });
  expect(mail.subject).toBe('We have received your feedback (KL-2026-000007)');
  expect(mail.text).toContain('Dear Anna & Co,');
  expect(mail.text).not.toContain('settle');
  expect(mail.text).not.toMatch(/\n{3,}/);
});

test('a template missing a value fails loudly instead of mailing a gap', () => {
  const { resolutionDue: _omitted, ...incomplete } = data;
  expect(() => renderEmail('acknowledgement', 'nl', incomplete)).toThrow(/resolutionDue/);
});
