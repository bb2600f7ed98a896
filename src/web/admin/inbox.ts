/**
 * Taken: the handlers' queue, one row per case with its open tasks (src/db/queue.ts), sorted by
 * deadline with a countdown in working days; and claiming, assigning and completing a task,
 * every change audited.
 */
import type { Express, Request, Response } from 'express';
import { audit, listStaff } from '../../db/staff';
import { listQueue, QUEUE_PAGE_SIZE, QUEUE_SORTS, QUEUE_VIEWS } from '../../db/queue';
import { currentRules } from '../../db/settings';
import { assignTask, claimTask, completeTask, taskReference } from '../../db/tasks';
import { breachLabel } from '../../analysis/definitions';
import { countdown } from '../../calendar/countdown';
import { statusLabel } from '../../domain/lifecycle';
import { can } from '../../domain/staff';
import { formatCountdown, formatDateTime } from '../../i18n/dates';
import { t, tn, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { savedViewsPanel } from './savedViews';
import { staffNames } from './staffNames';

export function mountInbox(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, notFound, adminPage, need, ip, forbidden } = ctx;

  app.get('/admin/taken', need('tasks.work'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const me = req.staff!;
      const pick = <T extends string>(values: readonly T[], value: unknown, fallback: T): T =>
        (values as readonly unknown[]).includes(value) ? (value as T) : fallback;
      const view = pick(QUEUE_VIEWS, req.query.view, 'work');
      const sort = pick(QUEUE_SORTS, req.query.sort, 'deadline');
      const descending = req.query.dir === 'desc';
      const page = Math.max(1, Math.min(10_000, Number(req.query.page) || 1));
      const [{ rows, total }, staff, { calendar }] = await Promise.all([
        listQueue(sql, view, me, { sort, descending, page }), listStaff(sql), currentRules(sql),
      ]);
      const names = staffNames(staff, lang);
      const now = new Date();
      const link = (changes: Record<string, string | undefined>) => {
        const params = { view, sort, dir: descending ? 'desc' : undefined, page: undefined, ...changes, lang: lang === 'en' ? 'en' : undefined };
        const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
        return `/admin/taken?${query}`;
      };
      adminPage(req, res, 'admin/inbox', {
        savedViews: await savedViewsPanel(ctx, req, '/admin/taken'),
        title: t(lang, 'admin.inbox.title'),
        withScript: true, // completing a task asks first (data-confirm)
        views: QUEUE_VIEWS.map((v) => ({ key: v, label: t(lang, `admin.inbox.${v}` as MessageKey), current: v === view, href: link({ view: v, sort: undefined, dir: undefined }) })),
        view,
        total: tn(lang, 'admin.cases.count', total),
        // Each column sorts; a second click reverses.
        columns: QUEUE_SORTS.map((key) => ({
          key, label: t(lang, `admin.queue.col.${key}` as MessageKey),
          href: link({ sort: key, dir: key === sort && !descending ? 'desc' : undefined }),
          ariaSort: key === sort ? (descending ? 'descending' : 'ascending') : undefined,
        })),
        canAssign: can(me.role, 'cases.assign'),
        staffList: can(me.role, 'cases.assign') ? staff.filter((s) => s.active && s.role !== 'admin' && s.role !== 'governance') : [],
        rows: rows.map((r) => ({
          ...r,
          type: r.caseType ? t(lang, r.caseType === 'complaint' ? 'noun.complaint' : 'noun.feedback') : undefined,
          statusText: r.status ? statusLabel(r.status, lang) : undefined,
          handler: r.handler ? names.of(r.handler) : undefined,
          breachLabels: r.breaches.map((b) => breachLabel(b, lang)),
          deadline: r.deadline ? formatDateTime(r.deadline, lang) : undefined,
          deadlineAt: r.deadline?.toISOString(),
          countdown: r.deadline ? formatCountdown(countdown(calendar, r.deadline, now), lang) : undefined,
          late: r.deadline ? r.deadline < now : false,
          taskIds: r.tasks.map((task) => task.id).join(','),
          label: r.reference ?? t(lang, 'admin.inbox.finding'),
          tasks: r.tasks.map((task) => ({
            ...task,
            title: lang === 'en' && task.titleEn ? task.titleEn : task.title,
            due: task.dueAt ? formatDateTime(task.dueAt, lang) : undefined,
            overdue: task.dueAt ? task.dueAt < now : false,
            mine: task.assignee === me.email,
            assignee: task.assignee ? names.of(task.assignee) : undefined,
          })),
        })),
        bulkDone: req.query.samen === '0-0' ? t(lang, 'admin.queue.bulkNone')
          : typeof req.query.samen === 'string' && /^\d+-\d+$/.test(req.query.samen)
            ? t(lang, 'admin.queue.bulkDone', { done: tn(lang, 'admin.queue.tasksUpdated', Number(req.query.samen.split('-')[0])), skipped: req.query.samen.split('-')[1]! }) : undefined,
        previous: page > 1 ? link({ page: String(page - 1) }) : undefined,
        next: page * QUEUE_PAGE_SIZE < total ? link({ page: String(page + 1) }) : undefined,
      });
    } catch (err) {
      next(err);
    }
  });

  async function taskChange(req: Request, res: Response, change: () => Promise<string>, action: string) {
    const id = Number(req.params.id);
    const reference = Number.isInteger(id) ? await taskReference(sql, id) : undefined;
    if (reference === undefined) return notFound(req, res);
    const outcome = await change();
    await audit(sql, { staff: req.staff!, action: `task.${action}`, reference: reference ?? undefined, ip: ip(req), detail: { task: id, outcome } });
    if (outcome !== 'done') {
      forbiddenTask(req, res, outcome);
      return;
    }
    res.redirect(303, localized(req, `/admin/taken?view=${encodeURIComponent(String(bodyOf(req).view ?? 'work'))}`));
  }
  const forbiddenTask = (req: Request, res: Response, why: string) => adminPage(req, res, 'error', {
    title: t(languageOf(req), 'admin.inbox.title'),
    message: t(languageOf(req), why === 'excluded' ? 'admin.inbox.excluded' : why === 'not-found' ? 'admin.inbox.gone' : 'admin.inbox.notAllowed'),
  }, why === 'not-found' ? 404 : 403);

  // Several cases at once: claim, or (who may assign) give to a colleague, the open tasks of the
  // rows ticked in the queue. Each task goes through the same rules as on its own, and is audited.
  app.post('/admin/taken/samen', need('tasks.work'), csrfProtection, async (req, res, next) => {
    try {
      const me = req.staff!;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const ids = [...new Set([body.tasks].flat().filter((v): v is string => typeof v === 'string')
        .flatMap((v) => v.split(',')).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))].slice(0, 500);
      const assign = body.do === 'assign';
      if (assign && !can(me.role, 'cases.assign')) return forbidden(req, res);
      const assignee = assign ? (await listStaff(sql)).find((s) => s.email === body.assignee && s.active) : undefined;
      let done = 0;
      for (const id of ids) {
        const reference = await taskReference(sql, id);
        if (reference === undefined) continue;
        const outcome = assign ? (assignee ? await assignTask(sql, id, assignee, me.email) : 'not-allowed') : await claimTask(sql, id, me);
        await audit(sql, { staff: me, action: `task.${assign ? 'assign' : 'claim'}`, reference: reference ?? undefined, ip: ip(req), detail: { task: id, outcome, bulk: true } });
        if (outcome === 'done') done += 1;
      }
      const view = typeof body.view === 'string' ? body.view : 'work';
      res.redirect(303, localized(req, `/admin/taken?view=${encodeURIComponent(view)}&samen=${done}-${ids.length - done}`));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/taken/:id/oppakken', need('tasks.work'), csrfProtection, (req, res, next) => {
    taskChange(req, res, () => claimTask(sql, Number(req.params.id), req.staff!), 'claim').catch(next);
  });
  app.post('/admin/taken/:id/toewijzen', need('cases.assign'), csrfProtection, (req, res, next) => {
    const assignee = bodyOf(req).assignee ?? '';
    taskChange(req, res, async () => {
      const staff = (await listStaff(sql)).find((s) => s.email === assignee && s.active);
      return staff ? assignTask(sql, Number(req.params.id), staff, req.staff!.email) : 'not-allowed';
    }, 'assign').catch(next);
  });
  app.post('/admin/taken/:id/afronden', need('tasks.work'), csrfProtection, (req, res, next) => {
    taskChange(req, res, () => completeTask(sql, Number(req.params.id), req.staff!, can(req.staff!.role, 'cases.assign')), 'complete').catch(next);
  });
}
