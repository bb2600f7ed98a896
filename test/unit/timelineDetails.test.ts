import { EMAIL_TEMPLATES } from '../../src/email/templates';
import { isMessageKey } from '../../src/i18n/messages';
import { staffNames } from '../../src/web/admin/staffNames';
import { timelineDetails } from '../../src/web/admin/timelineDetails';

test('timeline details read in the staff\'s words, in Dutch and English, not as the workflow\'s keys', () => {
  const detail = { late: false, waitedMinutes: 125, template: 'information-request', upheld: true, workingDay: 25 };
  expect(timelineDetails(detail, 'nl', staffNames([], 'nl')))
    .toBe('op tijd · na 2 uur 5 min wachten · e-mail: vraag aan de klant · bezwaar gegrond · werkdag 25');
  expect(timelineDetails(detail, 'en', staffNames([], 'en')))
    .toBe('on time · after waiting 2 h 5 min · email: question to the customer · objection upheld · working day 25');
  expect(timelineDetails({ waitedMinutes: 3 * 24 * 60 + 60 }, 'nl', staffNames([], 'nl'))).toBe('na 3 dagen 1 uur wachten');
  expect(timelineDetails(undefined, 'nl', staffNames([], 'nl'))).toBe('');
});

test('every email of the procedure has a name for staff', () => {
  for (const template of EMAIL_TEMPLATES) expect([template, isMessageKey(`admin.emailTemplate.${template}`)]).toEqual([template, true]);
});

test('a step that failed for good reads as which step, at which entry, and what kind of error', () => {
  const detail = { step: 'projectCase', event: 'substantive-response-sent', seq: 7, error: 'PermanentDatabaseError' };
  expect(timelineDetails(detail, 'nl', staffNames([], 'nl')))
    .toBe('de zaakgegevens bijwerken · bij: Inhoudelijke reactie verstuurd · tijdlijnregel 7 · soort fout: PermanentDatabaseError');
  expect(timelineDetails({ ...detail, step: 'createStaffTask' }, 'en', staffNames([], 'en')))
    .toMatch(/^creating a task · at: \S/);
});
