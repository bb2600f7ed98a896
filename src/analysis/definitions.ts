/**
 * The figures of the analysis page and the governance report, with their titles and exact
 * definitions in Dutch and English, as printed on the page and in the PDF. The definitions say
 * what is counted and over which cases; src/analysis/figures.ts and src/analysis/caseFilter.ts
 * count exactly that.
 */
import type { Language } from '../domain/case';

export const FIGURE_NAMES = [
  'received',
  'confirmedWithin24h',
  'responseWithin5WorkingDays',
  'settledWithin34WorkingDays',
  'workingDaysToResponse',
  'workingDaysToSettlement',
  'openByAge',
  'breaches',
  'complex',
  'objections',
  'justified',
  'rootCauses',
  'repeatComplainants',
  'satisfaction',
  'improvementActions',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export const FIGURE_TITLES: Record<FigureName, Record<Language, string>> = {
  received: { nl: 'Ontvangen', en: 'Received' },
  confirmedWithin24h: { nl: 'Bevestigd binnen 24 uur', en: 'Confirmed within 24 hours' },
  responseWithin5WorkingDays: { nl: 'Inhoudelijke reactie binnen 5 werkdagen', en: 'Substantive response within 5 working days' },
  settledWithin34WorkingDays: { nl: 'Klachten afgehandeld binnen 34 werkdagen', en: 'Complaints settled within 34 working days' },
  workingDaysToResponse: { nl: 'Werkdagen tot de inhoudelijke reactie', en: 'Working days to the substantive response' },
  workingDaysToSettlement: { nl: 'Werkdagen tot de uitkomst', en: 'Working days to the outcome' },
  openByAge: { nl: 'Open meldingen naar leeftijd', en: 'Open cases by age' },
  breaches: { nl: 'Termijnoverschrijdingen per mijlpaal', en: 'Breaches per milestone' },
  complex: { nl: 'Complexe zaken', en: 'Complex cases' },
  objections: { nl: 'Bezwaren', en: 'Objections' },
  justified: { nl: 'Gegrondheid', en: 'Justified' },
  rootCauses: { nl: 'Grondoorzaken', en: 'Root causes' },
  repeatComplainants: { nl: 'Herhaalde klagers', en: 'Repeat complainants' },
  satisfaction: { nl: 'Tevredenheid', en: 'Satisfaction' },
  improvementActions: { nl: 'Verbeteracties', en: 'Improvement actions' },
};

/** What every figure shares: the period, the filters and the moment of measuring. */
export const GENERAL_DEFINITION: Record<Language, string> = {
  nl: 'Alle cijfers gaan over meldingen die in de periode zijn ontvangen (Nederlandse tijd: van 00:00 op de eerste dag tot '
    + 'het einde van de laatste dag), binnen de gekozen filters, zoals ze op de peildatum stonden; alleen de verbeteracties '
    + 'zijn een stand op de peildatum, ongeacht de periode. Werkdagen: maandag tot en met vrijdag, zonder de feestdagen van '
    + 'de Algemene termijnenwet en de sluitingsdagen. In rapportages staat elk aantal van 1 tot en met 4 (en elk percentage '
    + 'of gemiddelde dat erop rust) als "< 5", zodat geen klant herkenbaar is.',
  en: 'Every figure is about cases received in the period (Amsterdam time: from 00:00 on the first day to the end of the '
    + 'last day), within the chosen filters, as they stood at the measuring moment ("as of"); only the improvement actions '
    + 'are a snapshot at that moment, whatever the period. Working days: Monday to Friday, without the holidays of the '
    + 'Algemene termijnenwet and the closure days. In reports every count from 1 to 4 (and every percentage or average '
    + 'built on one) shows as "< 5", so that no customer can be recognised.',
};

export const FIGURE_DEFINITIONS: Record<FigureName, Record<Language, string>> = {
  received: {
    nl: 'Klachten en feedback ontvangen in de periode, in totaal en naar soort, categorie en kanaal (webformulier of '
      + 'telefoon). Feedback die later een klacht werd, telt als klacht, met de oorspronkelijke ontvangstdatum.',
    en: 'Complaints and feedback received in the period, in total and by type, category and channel (web form or phone). '
      + 'Feedback later turned into a complaint counts as a complaint, from its original receipt.',
  },
  confirmedWithin24h: {
    nl: 'Het deel van de meldingen via het webformulier (met e-mailadres) waarvan de ontvangstbevestiging uiterlijk 24 uur '
      + 'na ontvangst is verstuurd. Telt mee: meldingen die bevestigd zijn, of waarvan de 24 uur op de peildatum voorbij '
      + 'zijn; wie binnen de 24 uur introk zonder bevestiging telt niet mee. Telefonische meldingen tellen niet mee: de '
      + 'belofte geldt het formulier.',
    en: 'The share of web-form cases (with an email address) whose acknowledgement went out no later than 24 hours after '
      + 'receipt. Counted: cases that were confirmed, or whose 24 hours had passed at the measuring moment; a case '
      + 'withdrawn within the 24 hours without confirmation is left out. Phone cases are left out: the promise is the '
      + "form's.",
  },
  responseWithin5WorkingDays: {
    nl: 'Het deel van de meldingen dat uiterlijk op de termijn die gold een inhoudelijke reactie kreeg, voor klachten en '
      + 'feedback apart (en samen). De termijn is het einde van de 5e werkdag na de ontvangstdatum, later als de klok '
      + 'stilstond terwijl we op de klant wachtten; een uitkomst geldt ook als reactie. Telt mee: meldingen met een '
      + 'reactie, of waarvan de termijn op de peildatum verstreken is; wie vóór de termijn introk zonder reactie telt '
      + 'niet mee.',
    en: 'The share of cases that got a substantive response no later than the deadline in force, for complaints and '
      + 'feedback apart (and together). The deadline is the end of the 5th working day after the receipt date, later when '
      + 'the clock stood still while we waited on the customer; an outcome counts as a response too. Counted: cases with '
      + 'a response, or whose deadline had passed at the measuring moment; a case withdrawn before the deadline without a '
      + 'response is left out.',
  },
  settledWithin34WorkingDays: {
    nl: 'Het deel van de klachten dat uiterlijk op de termijn die gold (het einde van de 34e werkdag na de ontvangstdatum, '
      + 'later na een pauze) een schriftelijke uitkomst kreeg. Telt mee: klachten met een uitkomst, of waarvan de termijn '
      + 'op de peildatum verstreken is; wie vóór de termijn introk zonder uitkomst telt niet mee. Feedback telt niet mee.',
    en: 'The share of complaints that got a written outcome no later than the deadline in force (the end of the 34th '
      + 'working day after the receipt date, later after a pause). Counted: complaints with an outcome, or whose deadline '
      + 'had passed at the measuring moment; a complaint withdrawn before the deadline without an outcome is left out. '
      + 'Feedback is left out.',
  },
  workingDaysToResponse: {
    nl: 'Mediaan en 90e percentiel van het aantal werkdagen na de ontvangstdatum tot en met de dag van de inhoudelijke '
      + 'reactie, over de meldingen die op de peildatum een reactie hadden; klachten en feedback apart (en samen). '
      + 'Percentielen lineair geïnterpoleerd (zoals PERCENTIEL.INC in Excel); een reactie op de ontvangstdag is 0 werkdagen.',
    en: 'Median and 90th percentile of the working days after the receipt date up to and including the day of the '
      + 'substantive response, over the cases that had a response at the measuring moment; complaints and feedback apart '
      + "(and together). Percentiles interpolated linearly (like Excel's PERCENTILE.INC); a response on the day of receipt "
      + 'is 0 working days.',
  },
  workingDaysToSettlement: {
    nl: 'Mediaan en 90e percentiel van het aantal werkdagen na de ontvangstdatum tot en met de dag van de schriftelijke '
      + 'uitkomst, over de klachten die op de peildatum een uitkomst hadden (lineair geïnterpoleerd).',
    en: 'Median and 90th percentile of the working days after the receipt date up to and including the day of the '
      + 'written outcome, over the complaints that had an outcome at the measuring moment (interpolated linearly).',
  },
  openByAge: {
    nl: 'Meldingen uit de periode die op de peildatum open waren: niet afgesloten en zonder uitkomst, of met een bezwaar '
      + 'in behandeling (een klacht met een uitkomst waarvan de bezwaartermijn loopt, is niet open). Naar leeftijd: het '
      + 'aantal werkdagen na de ontvangstdatum tot en met de peildatum, in de groepen 0–5, 6–10, 11–20, 21–34 en meer dan 34.',
    en: 'Cases of the period that were open at the measuring moment: not closed and without an outcome, or with an '
      + 'objection under review (a complaint with an outcome whose objection window runs is not open). By age: the working '
      + 'days after the receipt date up to and including the measuring date, in the groups 0–5, 6–10, 11–20, 21–34 and '
      + 'more than 34.',
  },
  breaches: {
    nl: 'Meldingen uit de periode waarvoor de workflow een termijnoverschrijding vastlegde, per mijlpaal: '
      + 'ontvangstbevestiging niet binnen 24 uur, ontvangstbevestiging mislukt (adres geweigerd), inhoudelijke reactie '
      + 'niet binnen 5 werkdagen, klacht niet binnen 34 werkdagen afgehandeld, beslissing op bezwaar te laat. Een melding '
      + 'kan bij meer mijlpalen tellen; "totaal" telt elke melding met een overschrijding één keer. Zoals nu vastgelegd.',
    en: 'Cases of the period for which the workflow recorded a breach, per milestone: acknowledgement not within 24 hours, '
      + 'acknowledgement failed (address refused), substantive response not within 5 working days, complaint not settled '
      + 'within 34 working days, objection decided late. A case can count for more milestones; "total" counts every case '
      + 'with a breach once. As recorded now.',
  },
  complex: {
    nl: 'Meldingen uit de periode die als complex zijn gemarkeerd (de klant kreeg bericht over een langere afhandeltijd), '
      + 'en hun aandeel in alle ontvangen meldingen. Zoals nu vastgelegd.',
    en: 'Cases of the period marked complex (the customer was told it takes longer), and their share of all cases '
      + 'received. As recorded now.',
  },
  objections: {
    nl: 'Bezwaar gemaakt: klachten uit de periode waartegen de klant op de peildatum bezwaar had gemaakt, als deel van de '
      + 'klachten met een uitkomst op de peildatum. Gegrond: het deel van de op de peildatum genomen beslissingen op '
      + 'bezwaar waarin de klant gelijk kreeg.',
    en: 'Objected: complaints of the period the customer had objected to at the measuring moment, as a share of the '
      + 'complaints with an outcome at that moment. Upheld: the share of the objection decisions taken by then in which the '
      + 'customer was proven right.',
  },
  justified: {
    nl: 'Klachten uit de periode met een uitkomst op de peildatum, naar het oordeel gegrond, deels gegrond of ongegrond, '
      + 'elk als deel van de klachten met een oordeel. Uitkomsten zonder oordeel staan apart en tellen niet mee in de '
      + 'percentages.',
    en: 'Complaints of the period with an outcome at the measuring moment, by the judgement justified, partly justified '
      + 'or unjustified, each as a share of the complaints with a judgement. Outcomes without a judgement are shown apart '
      + 'and left out of the percentages.',
  },
  rootCauses: {
    nl: 'Meldingen uit de periode met een vastgelegde grondoorzaak, per oorzaak van vaak naar weinig (Pareto), met het '
      + 'aandeel in alle meldingen met een grondoorzaak en het cumulatieve aandeel. Apart: klachten met een uitkomst op '
      + 'de peildatum zonder grondoorzaak.',
    en: 'Cases of the period with a root cause recorded, per cause from most to least frequent (Pareto), with the share '
      + 'of all cases with a root cause and the cumulative share. Apart: complaints with an outcome at the measuring moment '
      + 'but no root cause.',
  },
  repeatComplainants: {
    nl: 'Klachten uit de periode van een klant die in de 12 maanden ervoor al een andere klacht indiende (hetzelfde '
      + 'e-mailadres, hoofdletters niet meegeteld, of hetzelfde klantnummer), als deel van alle klachten uit de periode. '
      + 'De eerdere klacht mag vóór de periode en buiten de filters liggen.',
    en: 'Complaints of the period from a customer who made another complaint in the 12 months before it (the same email '
      + 'address, ignoring case, or the same customer number), as a share of all complaints of the period. The earlier '
      + 'complaint may lie before the period and outside the filters.',
  },
  satisfaction: {
    nl: 'Gevraagd: meldingen uit de periode die op de peildatum waren afgesloten, niet ingetrokken, met een e-mailadres '
      + '(zij krijgen de tevredenheidsvraag). Respons: het deel daarvan dat op de peildatum een cijfer had gegeven. '
      + 'Gemiddelde en verdeling van die cijfers (1 zeer ontevreden tot 5 zeer tevreden).',
    en: 'Asked: cases of the period closed at the measuring moment, not withdrawn, with an email address (they get the '
      + 'satisfaction question). Response rate: the share of those that had given a score by then. Average and '
      + 'distribution of those scores (1 very dissatisfied to 5 very satisfied).',
  },
  improvementActions: {
    nl: 'Verbeteracties die op de peildatum open stonden (aangemaakt en nog niet afgerond), en daarvan de acties waarvan '
      + 'de streefdatum vóór de peildatum lag. Een stand op de peildatum: alle acties, ongeacht wanneer de melding '
      + 'waaruit ze voortkwamen is ontvangen; de filters soort, categorie en kanaal gelden wel. Het getal telt acties, '
      + 'de link toont de meldingen erachter.',
    en: 'Improvement actions open at the measuring moment (created and not yet done), and of those the actions whose due '
      + 'date was before the measuring date. A snapshot at that moment: all actions, whenever the case they came from '
      + 'was received; the type, category and channel filters do apply. The number counts actions, the link shows the '
      + 'cases behind them.',
  },
};

/** Titles of the parts of some figures, for tables and charts. */
export const PART_LABELS = {
  caseType: { complaint: { nl: 'Klachten', en: 'Complaints' }, feedback: { nl: 'Feedback', en: 'Feedback' } },
  channel: { web: { nl: 'Webformulier', en: 'Web form' }, phone: { nl: 'Telefoon', en: 'Phone' } },
  breach: {
    'acknowledgement-overdue': { nl: 'Ontvangstbevestiging niet binnen 24 uur', en: 'Acknowledgement not within 24 hours' },
    'acknowledgement-failed': { nl: 'Ontvangstbevestiging mislukt', en: 'Acknowledgement failed' },
    'substantive-response-overdue': { nl: 'Inhoudelijke reactie niet binnen 5 werkdagen', en: 'Substantive response not within 5 working days' },
    'resolution-overdue': { nl: 'Niet afgehandeld binnen 34 werkdagen', en: 'Not settled within 34 working days' },
    'objection-review-overdue': { nl: 'Beslissing op bezwaar te laat', en: 'Objection decided late' },
  },
  justified: {
    justified: { nl: 'Gegrond', en: 'Justified' },
    partly: { nl: 'Deels gegrond', en: 'Partly justified' },
    unjustified: { nl: 'Ongegrond', en: 'Unjustified' },
  },
} as const;

/** A breach (a milestone key the workflow recorded) in words; an unknown key as it is. */
export function breachLabel(key: string, lang: 'nl' | 'en'): string {
  return (PART_LABELS.breach as Record<string, { nl: string; en: string } | undefined>)[key]?.[lang] ?? key;
}
