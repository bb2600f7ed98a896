/**
 * The daily continuous analysis: each finding (src/analysis/findings.ts) becomes one task for the
 * coordinator, created once per finding key however often the analysis runs.
 */
import { Context } from '@temporalio/activity';
import { detectFindings, type Finding } from '../src/analysis/findings';
import type { Sql } from '../src/db/db';
import { createTask } from '../src/db/tasks';
import { categoryLabel } from '../src/domain/categories';
import type { Language } from '../src/domain/case';
import { formatDate } from '../src/i18n/dates';
import { taskTitle } from '../src/tasks/templates';

const number = (n: number, language: Language) => n.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB');

function wording(f: Finding, asOf: string, language: Language): Record<string, string> {
  switch (f.kind) {
    case 'category-spike':
      return { milestone: f.kind, count: String(f.count), category: categoryLabel(f.category, language).toLowerCase(),
        date: formatDate(asOf, language), average: number(f.weeklyAverage, language) };
    case 'breach-rate':
      return { milestone: f.kind, recent: number(f.recentPercent, language), previous: number(f.previousPercent, language) };
    case 'repeat-complainant':
      return { milestone: f.kind };
  }
}

export function createAnalysisActivities(deps: { sql: Sql }) {
  return {
    async runContinuousAnalysis(req: { asOf: string }): Promise<{ findings: number; newTasks: number }> {
      const findings = await detectFindings(deps.sql, new Date(req.asOf));
      let newTasks = 0;
      for (const f of findings) {
        const reference = f.kind === 'repeat-complainant' ? f.reference : null;
        const title = (language: Language) => taskTitle('finding', language, {
          reference: reference ?? '', caseType: 'complaint', ...wording(f, req.asOf, language),
        });
        const created = await createTask(deps.sql, {
          reference, eventKey: f.key, kind: 'finding', title: title('nl'), titleEn: title('en'), role: 'coordinator',
          assignee: null, excludeAssignee: null, dueAt: null,
          createdAt: new Date(Context.current().info.scheduledTimestampMs).toISOString(),
        });
        if (created) newTasks += 1;
      }
      return { findings: findings.length, newTasks };
    },
  };
}

export type AnalysisActivities = ReturnType<typeof createAnalysisActivities>;
