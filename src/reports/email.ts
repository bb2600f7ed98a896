/**
 * The email that carries a governance report: the key figures of the period in a few lines,
 * the PDF attached. Aggregates only, as in the PDF.
 */
import { FIGURE_TITLES } from '../analysis/definitions';
import type { FrozenReport } from './reportDocument';
import type { StoredReport } from '../db/governance';
import { htmlEmail } from '../email/render';

const WORDS = {
  nl: {
    subject: (body: string, period: string) => `Klachtenrapportage ${body}: ${period}`,
    intro: (body: string, period: string) =>
      `Bijgaand de klachtenrapportage voor ${body} over ${period}. De belangrijkste cijfers:`,
    outro: 'Alle cijfers met hun definitie, de oorzaken en de ontwikkeling over twaalf maanden staan in de bijlage (PDF). '
      + 'Aantallen onder de 5 staan er als "< 5", zodat geen klant herkenbaar is.',
    signOff: 'Met vriendelijke groet,\nKlachtflow, namens de klachtencoördinator',
    file: 'klachtenrapportage',
  },
  en: {
    subject: (body: string, period: string) => `Complaints report ${body}: ${period}`,
    intro: (body: string, period: string) => `Attached is the complaints report for ${body} on ${period}. The key figures:`,
    outro: 'Every figure with its definition, the root causes and twelve months of trends are in the attachment (PDF). '
      + 'Counts under 5 show as "< 5", so that no customer can be recognised.',
    signOff: 'Kind regards,\nKlachtflow, on behalf of the complaints coordinator',
    file: 'complaints-report',
  },
} as const;

export function renderReportEmail(report: StoredReport) {
  const l = report.language;
  const w = WORDS[l];
  const { figures: f } = report.figures as FrozenReport;
  const period = f.period.label[l];
  const pct = (p: number | null | string) => (p === null ? '–' : typeof p === 'string' ? p : `${p.toLocaleString(l === 'nl' ? 'nl-NL' : 'en-GB')}%`);
  const lines = [
    `- ${FIGURE_TITLES.received[l]}: ${f.received.total.n}`,
    `- ${FIGURE_TITLES.confirmedWithin24h[l]}: ${pct(f.confirmedWithin24h.percent)}`,
    `- ${FIGURE_TITLES.responseWithin5WorkingDays[l]}: ${pct(f.responseWithin5WorkingDays.all.percent)}`,
    `- ${FIGURE_TITLES.settledWithin34WorkingDays[l]}: ${pct(f.settledWithin34WorkingDays.percent)}`,
    `- ${FIGURE_TITLES.breaches[l]}: ${f.breaches.any.n}`,
  ];
  const subject = w.subject(report.bodyName, period);
  const text = [w.intro(report.bodyName, period), lines.join('\n'), w.outro, w.signOff].join('\n\n');
  return {
    subject,
    text,
    html: htmlEmail(l, subject, text),
    attachmentName: `${w.file}-${report.periodFrom}-${report.periodTo}.pdf`,
  };
}
