/**
 * Instellingen (administrators): closure days, Goede Vrijdag and 5 mei, the policy values, whether
 * administrators and coordinators must sign in with two factors, the retention periods (AVG); every
 * change audited with the old and new value. Who receives reports is set per governance body
 * (reports.ts).
 */
import type { Express, Request } from 'express';
import type { Language } from '../../domain/case';
import { z } from 'zod';
import { loadSettings, RETENTION_BOUNDS, saveSetting, type RetentionSettings } from '../../db/settings';
import { audit } from '../../db/staff';
import { t, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { typedAgain } from '../../domain/text';

export function mountSettings(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, adminPage, need, ip } = ctx;

  app.get('/admin/instellingen', need('settings.manage'), async (req, res, next) => {
    try {
      const settings = await loadSettings(sql);
      adminPage(req, res, 'admin/settings', { title: t(languageOf(req), 'admin.settings.title'), ...settingsView(settings, req), saved: req.query.opgeslagen === '1',
        doneDraft: req.query.opgeslagen === '1' ? 'settings' : undefined, withScript: true });
    } catch (err) {
      next(err);
    }
  });

  /** The form, whose messages name the field in the page's language. */
  const settingsForm = (lang: Language) => {
    const error = (key: MessageKey) => ({ error: t(lang, key) });
    const whole = (min: number, max: number, key: MessageKey) => z.coerce.number(error(key)).int(error(key)).min(min, error(key)).max(max, error(key));
    return z.object({
      closureDays: z.string().max(5000, error('admin.settings.error.closureDays')).transform((s) => s.split(/\s+/).filter(Boolean))
        .pipe(z.array(z.iso.date(error('admin.settings.error.closureDays'))).max(200, error('admin.settings.error.closureDays'))),
      goodFriday: z.literal('on').optional().transform((v) => v === 'on'),
      liberationDay: z.enum(['every-year', 'every-fifth-year', 'never'], error('admin.settings.error.liberationDay')),
      pause: z.literal('on').optional().transform((v) => v === 'on'),
      warnings: z.string().max(100, error('admin.settings.error.warnings')).transform((s) => s.split(/[,\s]+/).filter(Boolean).map(Number))
        .pipe(z.array(z.number(error('admin.settings.error.warnings')).int(error('admin.settings.error.warnings')).min(1, error('admin.settings.error.warnings'))
          .max(33, error('admin.settings.error.warnings'))).max(5, error('admin.settings.error.warnings'))),
      objectionWindow: whole(1, 365, 'admin.settings.error.objectionWindow'),
      objectionReview: whole(1, 60, 'admin.settings.error.objectionReview'),
      maxMessages: whole(1, 200, 'admin.settings.error.maxMessages'),
      twoFactor: z.literal('on').optional().transform((v) => v === 'on'),
    }).extend(Object.fromEntries(RETENTION_KEYS.map((key) => {
      const { min, max } = RETENTION_BOUNDS[key];
      const error = t(lang, 'admin.settings.retention.range', { label: t(lang, `admin.settings.retention.${key}` as MessageKey), min, max });
      return [key, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error })];
    })) as Record<keyof RetentionSettings, z.ZodCoercedNumber>);
  };

  app.post('/admin/instellingen', need('settings.manage'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const typed = bodyOf(req);
      const parsed = settingsForm(lang).safeParse(typed);
      if (!parsed.success) {
        // The form comes back as typed, each message at its field and in a summary that links there.
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
        adminPage(req, res, 'admin/settings', {
          title: `${t(lang, 'page.errorPrefix')}${t(lang, 'admin.settings.title')}`,
          ...settingsView(asTyped(await loadSettings(sql), typed), req, errors),
          errorList: Object.entries(errors).map(([id, message]) => ({ id, message })),
        }, 422);
        return;
      }
      const f = parsed.data;
      const current = await loadSettings(sql);
      const next = {
        calendar: { goodFriday: f.goodFriday, liberationDay: f.liberationDay, closureDays: f.closureDays },
        policy: { ...current.policy, pauseWhileWaitingOnCustomer: f.pause, resolutionWarningWorkingDays: f.warnings,
          objectionWindowDays: f.objectionWindow, objectionReviewWorkingDays: f.objectionReview, maxCustomerMessages: f.maxMessages },
        security: { twoFactorRequired: f.twoFactor },
        retention: Object.fromEntries(RETENTION_KEYS.map((key) => [key, f[key]])) as unknown as RetentionSettings,
      };
      for (const key of ['calendar', 'policy', 'security', 'retention'] as const) {
        if (JSON.stringify(current[key]) === JSON.stringify(next[key])) continue;
        const before = await saveSetting(sql, key, next[key] as never, req.staff!.email);
        await audit(sql, { staff: req.staff!, action: `settings.${key}`, ip: ip(req), detail: { old: before, new: next[key] } });
      }
      res.redirect(303, localized(req, `/admin/instellingen?opgeslagen=1`));
    } catch (err) {
      next(err);
    }
  });
}

type Shown = Awaited<ReturnType<typeof loadSettings>> & { typed?: Record<string, string> };

/** The settings as the refused form had them: what was typed stays, also what does not parse. */
function asTyped(settings: Awaited<ReturnType<typeof loadSettings>>, typed: Record<string, string>): Shown {
  return {
    ...settings,
    calendar: { ...settings.calendar, goodFriday: typed.goodFriday === 'on', liberationDay: typed.liberationDay as never },
    policy: { ...settings.policy, pauseWhileWaitingOnCustomer: typed.pause === 'on' },
    security: { twoFactorRequired: typed.twoFactor === 'on' },
    typed: typedAgain(typed, ['closureDays']),
  };
}

function settingsView(settings: Shown, req: Request, errors: Record<string, string> = {}) {
  const lang = languageOf(req);
  const typed = settings.typed;
  return {
    errors,
    values: {
      closureDays: typed?.closureDays ?? settings.calendar.closureDays.join('\n'),
      warnings: typed?.warnings ?? settings.policy.resolutionWarningWorkingDays.join(', '),
      objectionWindow: typed?.objectionWindow ?? String(settings.policy.objectionWindowDays),
      objectionReview: typed?.objectionReview ?? String(settings.policy.objectionReviewWorkingDays),
      maxMessages: typed?.maxMessages ?? String(settings.policy.maxCustomerMessages),
    },
    goodFriday: settings.calendar.goodFriday,
    liberationOptions: (['every-year', 'every-fifth-year', 'never'] as const).map((v) => ({
      value: v, label: t(lang, `admin.settings.liberation.${v}` as MessageKey), selected: settings.calendar.liberationDay === v,
    })),
    policy: settings.policy,
    twoFactorRequired: settings.security.twoFactorRequired,
    retention: RETENTION_KEYS.map((key) => ({
      name: key, value: typed?.[key] ?? settings.retention[key], ...RETENTION_BOUNDS[key], error: errors[key],
      label: t(lang, `admin.settings.retention.${key}` as MessageKey),
      hint: t(lang, `admin.settings.retention.${key}.hint` as MessageKey),
    })),
  };
}

/** The periods in the order of the page (as the README's table). */
const RETENTION_KEYS = ['closedCaseDays', 'outboxBodyDays', 'auditDays', 'statusFormNonceDays', 'workflowHistoryDays'] as const satisfies readonly (keyof RetentionSettings)[];
