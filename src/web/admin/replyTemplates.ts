/**
 * Sjablonen (administrators): the reply templates per language for the actions that write to the
 * customer (src/replyTemplates/placeholders.ts). A template that uses a placeholder that does not
 * exist is refused at its field; every change is audited.
 */
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { Language } from '../../domain/case';
import { lineProblem, textProblem, typedAgain } from '../../domain/text';
import {
  deleteReplyTemplate, listReplyTemplates, replyTemplate, saveReplyTemplate, type ReplyTemplate,
} from '../../db/replyTemplates';
import { audit, listStaff } from '../../db/staff';
import { formatDateTime } from '../../i18n/dates';
import { t, type MessageKey } from '../../i18n/messages';
import { placeholderNames, TEMPLATE_PURPOSES, unknownPlaceholders, type TemplatePurpose } from '../../replyTemplates/placeholders';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { staffNames } from './staffNames';

const PURPOSES = Object.keys(TEMPLATE_PURPOSES) as TemplatePurpose[];

/** The action a template is for, by the label of its form on the case page. */
export function purposeLabel(purpose: TemplatePurpose, lang: Language): string {
  return t(lang, `admin.action.${purpose}` as MessageKey);
}

function templateForm(lang: Language) {
  const error = (key: MessageKey, vars?: Record<string, string>) => ({ error: t(lang, key, vars) });
  return z.object({
    language: z.enum(['nl', 'en'], error('admin.templates.error.language')),
    purpose: z.enum(PURPOSES as [TemplatePurpose, ...TemplatePurpose[]], error('admin.templates.error.purpose')),
    name: z.string().trim().min(1, error('admin.templates.error.name')).max(100, error('admin.templates.error.name'))
      .refine((v) => lineProblem(v) === undefined, error('admin.templates.error.name')),
    body: z.string().trim().min(1, error('admin.templates.error.body')).max(10_000, error('admin.templates.error.body'))
      .refine((v) => textProblem(v) === undefined, error('admin.templates.error.body'))
      .superRefine((v, ctx) => {
        const unknown = unknownPlaceholders(v);
        if (unknown.length > 0) {
          ctx.addIssue({ code: 'custom', message: t(lang, 'admin.templates.error.placeholder', { names: unknown.map((n) => `{{${n}}}`).join(', ') }) });
        }
      }),
  });
}

export function mountReplyTemplates(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, adminPage, need, notFound, ip } = ctx;

  /** The list, and the form: a new template, or the one being changed (as typed after a refusal). */
  async function render(req: Request, res: Response, o: {
    editing?: ReplyTemplate; typed?: Record<string, string>; errors?: Record<string, string>; status?: number;
  } = {}) {
    const lang = languageOf(req);
    const names = staffNames(await listStaff(sql), lang);
    const templates = await listReplyTemplates(sql);
    const errors = o.errors ?? {};
    const values = o.typed ? typedAgain(o.typed, ['body']) : o.editing ? { ...o.editing } as unknown as Record<string, string> : { language: lang };
    const title = t(lang, 'admin.templates.title');
    adminPage(req, res, 'admin/replyTemplates', {
      title: Object.keys(errors).length > 0 ? `${t(lang, 'page.errorPrefix')}${title}` : title,
      templates: templates.map((tpl) => ({
        ...tpl,
        languageLabel: t(lang, `admin.templates.language.${tpl.language}`),
        purposeLabel: purposeLabel(tpl.purpose, lang),
        updated: formatDateTime(tpl.updatedAt, lang),
        by: names.of(tpl.updatedBy),
        editing: tpl.id === o.editing?.id,
      })),
      editing: o.editing,
      action: o.editing ? `/admin/sjablonen/${o.editing.id}` : '/admin/sjablonen',
      values,
      languages: (['nl', 'en'] as const).map((value) => ({ value, label: t(lang, `admin.templates.language.${value}`), selected: values.language === value })),
      purposes: PURPOSES.map((value) => ({ value, label: purposeLabel(value, lang), selected: values.purpose === value })),
      placeholders: placeholderNames(lang).map((p) => ({ ...p, meaning: t(lang, `admin.templates.placeholder.${p.key}` as MessageKey) })),
      errors,
      errorList: Object.entries(errors).map(([id, message]) => ({ id: `template-${id}`, message })),
      saved: typeof req.query.opgeslagen === 'string', deleted: req.query.verwijderd === '1',
      // The form that was saved (new, or a template's id) keeps no draft in the browser.
      doneDraft: typeof req.query.opgeslagen === 'string' && /^(new|\d{1,15})$/.test(req.query.opgeslagen) ? `template/${req.query.opgeslagen}` : undefined,
      withScript: true,
    }, o.status);
  }

  const idOf = (req: Request) => {
    const id = Number(req.params.id);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  };

  app.get('/admin/sjablonen', need('templates.manage'), (req, res, next) => {
    render(req, res).catch(next);
  });

  app.get('/admin/sjablonen/:id', need('templates.manage'), async (req, res, next) => {
    try {
      const editing = idOf(req) && await replyTemplate(sql, idOf(req)!);
      if (!editing) return notFound(req, res);
      await render(req, res, { editing });
    } catch (err) {
      next(err);
    }
  });

  const save = (editingId: boolean) => async (req: Request, res: Response, next: (err?: unknown) => void) => {
    try {
      const lang = languageOf(req);
      const id = editingId ? idOf(req) : undefined;
      const editing = id ? await replyTemplate(sql, id) : undefined;
      if (editingId && !editing) return notFound(req, res);
      const typed = bodyOf(req);
      const parsed = templateForm(lang).safeParse(typed);
      const errors: Record<string, string> = {};
      if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      const saved = parsed.success
        ? await saveReplyTemplate(sql, { ...parsed.data, id, updatedBy: req.staff!.email }) : undefined;
      if (saved === 'duplicate') errors.name = t(lang, 'admin.templates.error.duplicate');
      if (saved === 'missing') return notFound(req, res);
      if (Object.keys(errors).length > 0) return await render(req, res, { editing, typed, errors, status: 422 });
      await audit(sql, {
        staff: req.staff!, action: editing ? 'templates.change' : 'templates.create', ip: ip(req),
        detail: { id: saved, language: parsed.data!.language, purpose: parsed.data!.purpose, name: parsed.data!.name },
      });
      res.redirect(303, localized(req, `/admin/sjablonen?opgeslagen=${editing ? editing.id : 'new'}`));
    } catch (err) {
      next(err);
    }
  };
  app.post('/admin/sjablonen', need('templates.manage'), csrfProtection, save(false));
  app.post('/admin/sjablonen/:id', need('templates.manage'), csrfProtection, save(true));

  app.post('/admin/sjablonen/:id/verwijderen', need('templates.manage'), csrfProtection, async (req, res, next) => {
    try {
      const id = idOf(req);
      const template = id && await replyTemplate(sql, id);
      if (!template || !(await deleteReplyTemplate(sql, template.id))) return notFound(req, res);
      await audit(sql, { staff: req.staff!, action: 'templates.delete', ip: ip(req), detail: { id: template.id, name: template.name } });
      res.redirect(303, localized(req, '/admin/sjablonen?verwijderd=1'));
    } catch (err) {
      next(err);
    }
  });
}
