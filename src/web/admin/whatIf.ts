/**
 * Wat als (coordinator, administrators): a proposed policy (other working-day targets, the pause
 * while waiting on the customer, extra closure days, another objection window) measured on the
 * cases of a past period beside the rules in force, from their recorded timelines.
 */
import type { Express } from 'express';
import { parseWhatIfRequest, rulesOf, whatIf, type MilestoneTally } from '../../analysis/whatIf';
import { loadSettings } from '../../db/settings';
import { recordedCases } from '../../db/whatIfCases';
import { can } from '../../domain/staff';
import { t, type MessageKey } from '../../i18n/messages';
import { amsterdamDate } from '../../calendar/workingDays';
import { languageOf, type AdminContext } from './context';

/** A year of cases is measured in well under a second; longer periods are for the command line. */
const MAX_DAYS = 366;

export function mountWhatIf(app: Express, ctx: AdminContext): void {
  const { sql, adminPage, need } = ctx;

  app.get('/admin/analyse/wat-als', need('policy.whatIf'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const query = Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const settings = await loadSettings(sql);
      // Past cases only: a later date cannot be picked.
      const base = { title: t(lang, 'admin.whatIf.title'), typed: query, settings, today: amsterdamDate(new Date()) };
      if (!query.from && !query.to) return adminPage(req, res, 'admin/whatIf', base);
      const parsed = parseWhatIfRequest(query);
      const tooLong = parsed.ok && (parsed.value.period.endsBefore.getTime() - parsed.value.period.startsAt.getTime()) / 86_400_000 > MAX_DAYS;
      if (!parsed.ok || tooLong) {
        const reason = parsed.ok ? t(lang, 'admin.whatIf.tooLong') : parsed.error[lang];
        return adminPage(req, res, 'admin/whatIf', { ...base, problem: reason }, 400);
      }
      const { period, change } = parsed.value;
      const rules = rulesOf(settings, change);
      const result = whatIf(await recordedCases(sql, period.startsAt, period.endsBefore), rules.current, rules.proposed, new Date());
      const row = (label: string, a: MilestoneTally, b: MilestoneTally) => ({ label, current: a, proposed: b });
      adminPage(req, res, 'admin/whatIf', {
        ...base,
        result,
        period: period.label[lang],
        rules,
        rows: [
          row(t(lang, 'admin.whatIf.responseComplaints'), result.current.response.complaint, result.proposed.response.complaint),
          row(t(lang, 'admin.whatIf.responseFeedback'), result.current.response.feedback, result.proposed.response.feedback),
          row(t(lang, 'admin.whatIf.settlement'), result.current.resolution, result.proposed.resolution),
        ],
        changes: result.changes.slice(0, 200).map((c) => ({
          reference: c.reference, link: can(req.staff!.role, 'cases.view'),
          milestone: t(lang, `admin.whatIf.change.${c.milestone}` as MessageKey),
          current: t(lang, `admin.whatIf.result.${c.current}` as MessageKey),
          proposed: t(lang, `admin.whatIf.result.${c.proposed}` as MessageKey),
        })),
        moreChanges: Math.max(0, result.changes.length - 200),
      });
    } catch (err) {
      next(err);
    }
  });
}
