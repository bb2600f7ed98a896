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

export function mountSettings(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, adminPage, need, ip } = ctx;

  app.get('/admin/instellingen', need('settings.manage'), async (req, res, next) => {
    try {
      const settings = await loadSettings(sql);
      adminPage(req, res, 'admin/settings', { title: t(languageOf(req), 'admin.settings.title'), ...settingsView(settings, req), saved: req.query.opgeslagen === '1' });
    } catch (err) {
      next(err);
    }
  });

  const SettingsForm = z.object({
    closureDays: z.string().max(5000).transform((s) => s.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.iso.date({ error: 'sluitingsdagen moeten datums zijn (jjjj-mm-dd)' })).max(200)),
    goodFriday: z.literal('on').optional().transform((v) => v === 'on'),
    liberationDay: z.enum(['every-year', 'every-fifth-year', 'never']),
    pause: z.literal('on').optional().transform((v) => v === 'on'),
    warnings: z.string().max(100).transform((s) => s.split(/[,\s]+/).filter(Boolean).map(Number))
      .pipe(z.array(z.number().int().min(1).max(33, { error: 'waarschuwingen liggen tussen werkdag 1 en 33' })).max(5)),
    objectionWindow: z.coerce.number().int().min(1).max(365),
    objectionReview: z.coerce.number().int().min(1).max(60),
    maxMessages: z.coerce.number().int().min(1).max(200),
    twoFactor: z.literal('on').optional().transform((v) => v === 'on'),
  });
  /** The form with the retention periods, whose messages name the field in the page's language. */
  const settingsForm = (lang: Language) => SettingsForm.extend(Object.fromEntries(RETENTION_KEYS.map((key) => {
    const { min, max } = RETENTION_BOUNDS[key];
    const error = t(lang, 'admin.settings.retention.range', { label: t(lang, `admin.settings.retention.${key}` as MessageKey), min, max });
    return [key, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error })];
  })) as Record<keyof RetentionSettings, z.ZodCoercedNumber>);

  app.post('/admin/instellingen', need('settings.manage'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const parsed = settingsForm(lang).safeParse(bodyOf(req));
      if (!parsed.success) {
        const settings = await loadSettings(sql);
        adminPage(req, res, 'admin/settings', {
          title: t(lang, 'admin.settings.title'), ...settingsView(settings, req),
          problem: t(lang, 'admin.settings.invalid', { problem: parsed.error.issues.map((i) => i.message).join('; ') }),
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

function settingsView(settings: Awaited<ReturnType<typeof loadSettings>>, req: Request) {
  const lang = languageOf(req);
  return {
    closureDays: settings.calendar.closureDays.join('\n'),
    goodFriday: settings.calendar.goodFriday,
    liberationOptions: (['every-year', 'every-fifth-year', 'never'] as const).map((v) => ({
      value: v, label: t(lang, `admin.settings.liberation.${v}` as MessageKey), selected: settings.calendar.liberationDay === v,
    })),
    policy: settings.policy,
    warnings: settings.policy.resolutionWarningWorkingDays.join(', '),
    twoFactorRequired: settings.security.twoFactorRequired,
    retention: RETENTION_KEYS.map((key) => ({
      name: key, value: settings.retention[key], ...RETENTION_BOUNDS[key],
      label: t(lang, `admin.settings.retention.${key}` as MessageKey),
      hint: t(lang, `admin.settings.retention.${key}.hint` as MessageKey),
    })),
  };
}

/** The periods in the order of the page (as the README's table). */
const RETENTION_KEYS = ['closedCaseDays', 'outboxBodyDays', 'auditDays', 'statusFormNonceDays', 'workflowHistoryDays'] as const satisfies readonly (keyof RetentionSettings)[];
