/**
 * The staff tasks the workflow creates, and their wording (Handlebars, Dutch and English).
 * Titles are rendered when the task is created and stored in both languages.
 */
import Handlebars from 'handlebars';
import type { CaseType } from '../domain/case';

export type TaskKind =
  | 'triage' | 'information-received' | 'reminder' | 'escalation' | 'objection-review' | 'email-failed' | 'improvement-action'
  | 'finding' | 'step-failed';
/** The case deadline a task's due date follows (src/db/tasks.ts moves it when the deadlines move). */
export type TaskDeadline = 'substantive-response' | 'resolution' | 'objection-review';
/** Who should pick a task up: handlers (agents), team leads, or the complaints coordinator. */
export type TaskRole = 'agent' | 'team-lead' | 'coordinator';

const TITLES: Record<string, { nl: string; en: string }> = {
  triage: {
    nl: 'Beoordeel {{noun.nl}} {{reference}}',
    en: 'Assess {{noun.en}} {{reference}}',
  },
  'information-received': {
    nl: 'Klant heeft gereageerd op {{reference}}',
    en: 'Customer replied on {{reference}}',
  },
  'reminder:substantive-response-reminder': {
    nl: 'Herinnering: inhoudelijke reactie op {{noun.nl}} {{reference}} uiterlijk aan het eind van werkdag 5',
    en: 'Reminder: substantive response on {{noun.en}} {{reference}} due by the end of working day 5',
  },
  'reminder:resolution-warning': {
    nl: 'Klacht {{reference}} staat open op werkdag {{workingDay}}: uiterlijk werkdag 34 afhandelen',
    en: 'Complaint {{reference}} still open on working day {{workingDay}}: settle by working day 34',
  },
  'escalation:acknowledgement-overdue': {
    nl: 'Ontvangstbevestiging {{reference}} is niet binnen 24 uur verstuurd',
    en: 'Confirmation of {{reference}} not sent within 24 hours',
  },
  'escalation:substantive-response-overdue': {
    nl: 'Inhoudelijke reactie op {{noun.nl}} {{reference}} is te laat (5 werkdagen)',
    en: 'Substantive response on {{noun.en}} {{reference}} is late (5 working days)',
  },
  'escalation:resolution-overdue': {
    nl: 'Klacht {{reference}} is niet binnen 34 werkdagen afgehandeld',
    en: 'Complaint {{reference}} not settled within 34 working days',
  },
  'escalation:objection-review-overdue': {
    nl: 'Beslissing op bezwaar bij {{reference}} is te laat',
    en: 'Decision on the objection to {{reference}} is late',
  },
  'objection-review': {
    nl: 'Beoordeel bezwaar bij {{reference}} (niet door de behandelaar)',
    en: 'Review the objection to {{reference}} (not by the handler)',
  },
  'improvement-action': {
    nl: 'Verbeteractie naar aanleiding van klacht {{reference}}: uiterlijk {{dueDate}}',
    en: 'Improvement action following complaint {{reference}}: due {{dueDate}}',
  },
  'finding:category-spike': {
    nl: 'Signaal: {{count}} meldingen over {{category}} in de week tot {{date}}, ruim twee keer het gemiddelde ({{average}} per week)',
    en: 'Signal: {{count}} cases about {{category}} in the week to {{date}}, over twice the average ({{average}} a week)',
  },
  'finding:breach-rate': {
    nl: 'Signaal: {{recent}}% van de reacties in de laatste 4 weken was te laat (de 8 weken ervoor: {{previous}}%)',
    en: 'Signal: {{recent}}% of responses in the last 4 weeks were late (the 8 weeks before: {{previous}}%)',
  },
  'finding:repeat-complainant': {
    nl: 'Signaal: {{reference}} is de derde klacht van deze klant binnen 12 maanden',
    en: 'Signal: {{reference}} is this customer\'s third complaint within 12 months',
  },
  'email-failed': {
    nl: 'E-mail bij {{reference}} kon niet worden bezorgd: neem op een andere manier contact op',
    en: 'Email on {{reference}} could not be delivered: contact the customer another way',
  },
  'step-failed': {
    nl: 'Verwerking mislukt bij {{reference}} ({{event}}): bekijk de tijdlijn en handel de stap zelf af',
    en: 'Processing failed on {{reference}} ({{event}}): check the timeline and complete the step by hand',
  },
};

const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function taskTitle(
  kind: TaskKind, language: 'nl' | 'en', data: { reference: string; caseType: CaseType } & Record<string, string>,
): string {
  const key = data.milestone ? `${kind}:${data.milestone}` : kind;
  const source = TITLES[key]?.[language];
  if (!source) throw new Error(`No task wording for ${key}`);
  let template = compiled.get(`${key}:${language}`);
  if (!template) {
    template = Handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(`${key}:${language}`, template);
  }
  const noun = data.caseType === 'complaint' ? { nl: 'klacht', en: 'complaint' } : { nl: 'feedback', en: 'feedback' };
  return template({ ...data, noun });
}
