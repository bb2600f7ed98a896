/**
 * Saved views: each staff member names the filters and sort of the queue or the case list they
 * use often, and finds them back as links above the list. Stored per person (src/db/savedViews.ts);
 * a view is only a query string, checked again by the page it opens.
 */
import type { Express, Request } from 'express';
import { deleteView, MAX_SAVED_VIEWS, saveView, savedViewsOf, VIEW_PATHS, type ViewPath } from '../../db/savedViews';
import { can, type Permission } from '../../domain/staff';
import { asTypedAgain, lineProblem, textProblem } from '../../domain/text';
import { t } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

/** Who may open each page, and so save a view of it. */
const PERMISSION: Record<ViewPath, Permission> = { '/admin/taken': 'tasks.work', '/admin/zaken': 'cases.view' };
/** Parameters that say what happened, not what is shown: never part of a view. */
const NOT_A_VIEW = new Set(['page', 'lang', 'samen', 'gedaan', 'weergave', 'weergaveNaam', 'herstel', 'verlopen']);

/** The page's filters and sort as a query string (string values only, in the order given). */
function viewQuery(query: Request['query']): string {
  return new URLSearchParams(Object.entries(query)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && !NOT_A_VIEW.has(e[0]))).toString();
}

const isViewPath = (value: unknown): value is ViewPath => (VIEW_PATHS as readonly unknown[]).includes(value);

/** The saved views panel of a list page: the person's views as links, and the form to save this one. */
export async function savedViewsPanel(ctx: Pick<AdminContext, 'sql'>, req: Request, path: ViewPath) {
  const lang = languageOf(req);
  const current = viewQuery(req.query);
  const views = await savedViewsOf(ctx.sql, req.staff!.id, path);
  const problem = req.query.weergave === 'vol' ? t(lang, 'admin.views.full', { max: MAX_SAVED_VIEWS })
    : req.query.weergave === 'ongeldig' ? t(lang, 'admin.views.invalid') : undefined;
  return {
    path,
    query: current,
    list: views.map((v) => ({ ...v, href: localized(req, v.query ? `${path}?${v.query}` : path), current: v.query === current })),
    saved: req.query.weergave === 'bewaard',
    problem,
    typedName: typeof req.query.weergaveNaam === 'string' ? asTypedAgain(req.query.weergaveNaam.slice(0, 60)) : '',
  };
}

export function mountSavedViews(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, need, forbidden, notFound } = ctx;

  /** Back to the list with its filters, and what happened to the view. */
  const back = (req: Request, path: ViewPath, query: string, outcome: Record<string, string>) => {
    const params = new URLSearchParams(query);
    for (const [k, v] of Object.entries(outcome)) params.set(k, v);
    return localized(req, `${path}?${params}`);
  };

  app.post('/admin/weergaven', need(), csrfProtection, async (req, res, next) => {
    try {
      const body = bodyOf(req);
      const path = body.path;
      if (!isViewPath(path)) return notFound(req, res);
      if (!can(req.staff!.role, PERMISSION[path])) return forbidden(req, res);
      // The query is the page's own, checked again when the view is opened; here only its size and characters.
      const query = viewQuery(Object.fromEntries(new URLSearchParams(body.query ?? '')));
      const name = (body.name ?? '').trim();
      if (!name || name.length > 60 || lineProblem(name) || query.length > 1000 || textProblem(query)) {
        return res.redirect(303, back(req, path, query, { weergave: 'ongeldig', weergaveNaam: name.slice(0, 60) }));
      }
      const saved = await saveView(sql, req.staff!.id, { path, name, query });
      res.redirect(303, back(req, path, query, saved ? { weergave: 'bewaard' } : { weergave: 'vol', weergaveNaam: name }));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/weergaven/:id/verwijderen', need(), csrfProtection, async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const path = Number.isSafeInteger(id) && id > 0 ? await deleteView(sql, req.staff!.id, id) : undefined;
      if (!path) return notFound(req, res);
      res.redirect(303, localized(req, path));
    } catch (err) {
      next(err);
    }
  });
}
