/** Staff roles and what each may do (least privilege; checked on every route, not only in the menu). */
export const ROLES = ['agent', 'team-lead', 'coordinator', 'admin', 'governance'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'cases.view' // case list and case page
  | 'cases.act' // the actions of the procedure on a case
  | 'cases.assign' // (re)assign cases and tasks to others, recompute deadlines
  | 'objections.decide' // decide on an objection (never as the case's handler)
  | 'tasks.work' // inbox: claim and complete
  | 'phone.register' // register a phone complaint
  | 'accounts.manage'
  | 'settings.manage'
  | 'templates.manage' // reply templates (macros) for the actions that write to the customer
  | 'analysis.view' // the analysis page and its exports: aggregates, and links into the case list for those who may see cases
  | 'reports.manage' // governance bodies, their schedules, sent reports
  | 'policy.whatIf' // measure a proposed policy on past cases
  | 'cases.erase'; // erase a case's personal data on request (AVG art. 17)

const WORK: Permission[] = ['cases.view', 'cases.act', 'tasks.work', 'phone.register'];

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: WORK,
  'team-lead': [...WORK, 'cases.assign', 'analysis.view'],
  coordinator: [...WORK, 'cases.assign', 'objections.decide', 'analysis.view', 'reports.manage', 'policy.whatIf'],
  admin: ['cases.view', 'accounts.manage', 'settings.manage', 'templates.manage', 'analysis.view', 'reports.manage', 'policy.whatIf', 'cases.erase'],
  // A member of a governance body: the figures, never a case.
  governance: ['analysis.view'],
};

/** The tasks (by the role they are routed to) that a staff role may take. */
const TAKES: Record<Role, readonly string[]> = {
  agent: ['agent'],
  'team-lead': ['agent', 'team-lead'],
  coordinator: ['agent', 'team-lead', 'coordinator'],
  admin: [],
  governance: [],
};

export function takableTaskRoles(role: Role): string[] {
  return [...TAKES[role]];
}

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, { nl: string; en: string }> = {
  agent: { nl: 'Behandelaar', en: 'Agent' },
  'team-lead': { nl: 'Teamleider', en: 'Team lead' },
  coordinator: { nl: 'Klachtencoördinator', en: 'Complaints coordinator' },
  admin: { nl: 'Beheerder', en: 'Administrator' },
  governance: { nl: 'Bestuursorgaan (alleen cijfers)', en: 'Governance body (figures only)' },
};

/**
 * A staff member's stable id where a value is visible outside the app, such as Temporal's
 * CaseHandler search attribute: `staff-<id>` (the account's id), never an email address.
 */
export function staffRef(id: number): string {
  return `staff-${id}`;
}

/** The account id in a staff id (`staff-<id>`), or undefined for any other value. */
export function staffIdOf(value: string): number | undefined {
  const match = /^staff-([1-9][0-9]{0,15})$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
