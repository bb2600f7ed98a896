/**
 * Verbeteracties: the improvement actions that came out of complaints, tracked on their own
 * (open, done, overdue), newest due first among the open ones. Finishing one here finishes its
 * task too, as finishing the task in the inbox finishes the action.
 */
import type { Express } from 'express';
import { listImprovementActions } from '../../db/improvementActions';
import { audit, listStaff } from '../../db/staff';
import { completeTask } from '../../db/tasks';
import { amsterdamDate } from '../../calendar/workingDays';
import { can } from '../../domain/staff';
import { formatDate } from '../../i18n/dates';
import { t } from '../../i18n/messages';
import { languageOf, localized, type AdminContext } from './context';
import { staffNames } from './staffNames';

export function mountImprovements(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, adminPage, need, ip, notFound, forbidden } = ctx;

  app.get('/admin/verbeteracties', need('cases.view'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const today = amsterdamDate(new Date());
      const actions = await listImprovementActions(sql, { hiddenFrom: req.staff!.email });
      const names = staffNames(await listStaff(sql), lang);
      adminPage(req, res, 'admin/improvements', {
        title: t(lang, 'admin.improvements.title'),
        actions: actions.map((a) => ({
          ...a,
          due: formatDate(`${a.dueDate}T12:00:00Z`, lang),
          overdue: a.status === 'open' && a.dueDate < today,
          done: a.status === 'done',
          mayFinish: a.status === 'open' && (a.owner === req.staff!.email || can(req.staff!.role, 'cases.assign')),
          owner: names.of(a.owner),
        })),
        open: actions.filter((a) => a.status === 'open').length,
        overdue: actions.filter((a) => a.status === 'open' && a.dueDate < today).length,
      });
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/verbeteracties/:id/afronden', need('tasks.work'), csrfProtection, async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const [task] = Number.isSafeInteger(id) ? await sql<{ taskId: number; reference: string }[]>`
        SELECT t.id::int AS "taskId", a.reference FROM improvement_actions a
        JOIN tasks t ON t.reference = a.reference AND t.event_key = a.event_key
        WHERE a.id = ${id} AND a.status = 'open'` : [];
      if (!task) return notFound(req, res);
      const outcome = await completeTask(sql, task.taskId, req.staff!, can(req.staff!.role, 'cases.assign'));
      await audit(sql, { staff: req.staff!, action: 'improvement-action.done', reference: task.reference, ip: ip(req), detail: { action: id, outcome } });
      if (outcome !== 'done') return forbidden(req, res);
      res.redirect(303, localized(req, `/admin/verbeteracties`));
    } catch (err) {
      next(err);
    }
  });
}
