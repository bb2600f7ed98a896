/**
 * Taken: the inbox of staff tasks (mine / my team / unassigned / all), and claiming, assigning and
 * completing a task; every change audited.
 */
import type { Express, Request, Response } from 'express';
import { audit, listStaff } from '../../db/staff';
import { assignTask, claimTask, completeTask, listInbox, taskReference } from '../../db/tasks';
import { can } from '../../domain/staff';
import { formatDateTime } from '../../i18n/dates';
import { t, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { staffNames } from './staffNames';

export function mountInbox(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, notFound, adminPage, need, ip } = ctx;

  const VIEWS = ['mine', 'team', 'unassigned', 'all'] as const;
  app.get('/admin/taken', need('tasks.work'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const view = (VIEWS as readonly string[]).includes(String(req.query.view)) ? (req.query.view as (typeof VIEWS)[number]) : 'mine';
      const tasks = await listInbox(sql, view, req.staff!);
      const staff = await listStaff(sql);
      const names = staffNames(staff, lang);
      const now = Date.now();
      adminPage(req, res, 'admin/inbox', {
        title: t(lang, 'admin.inbox.title'),
        views: VIEWS.map((v) => ({ key: v, label: t(lang, `admin.inbox.${v}` as MessageKey), current: v === view })),
        view,
        canAssign: can(req.staff!.role, 'cases.assign'),
        staffList: can(req.staff!.role, 'cases.assign') ? staff.filter((s) => s.active && s.role !== 'admin') : [],
        tasks: tasks.map((task) => ({
          ...task,
          title: lang === 'en' && task.titleEn ? task.titleEn : task.title,
          due: task.dueAt ? formatDateTime(task.dueAt, lang) : undefined,
          overdue: task.dueAt ? task.dueAt.getTime() < now : false,
          mine: task.assignee === req.staff!.email,
          assignee: task.assignee && names.of(task.assignee),
        })),
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
    res.redirect(303, localized(req, `/admin/taken?view=${encodeURIComponent(String(bodyOf(req).view ?? 'mine'))}`));
  }
  const forbiddenTask = (req: Request, res: Response, why: string) => adminPage(req, res, 'error', {
    title: t(languageOf(req), 'admin.inbox.title'),
    message: t(languageOf(req), why === 'excluded' ? 'admin.inbox.excluded' : why === 'not-found' ? 'admin.inbox.gone' : 'admin.inbox.notAllowed'),
  }, why === 'not-found' ? 404 : 403);

  app.post('/admin/taken/:id/oppakken', need('tasks.work'), csrfProtection, (req, res, next) => {
    taskChange(req, res, () => claimTask(sql, Number(req.params.id), req.staff!), 'claim').catch(next);
  });
  app.post('/admin/taken/:id/toewijzen', need('cases.assign'), csrfProtection, (req, res, next) => {
    const assignee = bodyOf(req).assignee ?? '';
    taskChange(req, res, async () => {
      const staff = (await listStaff(sql)).find((s) => s.email === assignee && s.active);
      return staff ? assignTask(sql, Number(req.params.id), staff) : 'not-allowed';
    }, 'assign').catch(next);
  });
  app.post('/admin/taken/:id/afronden', need('tasks.work'), csrfProtection, (req, res, next) => {
    taskChange(req, res, () => completeTask(sql, Number(req.params.id), req.staff!, can(req.staff!.role, 'cases.assign')), 'complete').catch(next);
  });
}
