/**
 * What a text that enters the system may contain. Every text from people (the form, the API,
 * the status page, every staff action, settings) passes these rules before it is stored or sent
 * to a workflow: Postgres refuses U+0000 (SQLSTATE 22021), and a text it refuses once it refuses
 * on every retry, so such a text must be stopped at the door, not inside a running case.
 *
 * Allowed: any well-formed Unicode, tab and line breaks. Refused: the other C0 control
 * characters, DEL, and unpaired surrogates (a broken UTF-16 string, which would be stored as
 * U+FFFD, silently changed). Line breaks are normalised to \n first (browsers send \r\n).
 */

/** C0 controls other than tab (U+0009) and line feed (U+000A), and DEL. CR is normalised away before. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
/** With the u flag a surrogate code point can only be one without its pair. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export type TextProblem = 'control-character' | 'unpaired-surrogate';

/** \r\n and lone \r become \n, as a textarea's text is meant. */
export function normalizeLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

/** Why a text (after normalizeLineBreaks) may not be stored, or undefined when it may. */
export function textProblem(value: string): TextProblem | undefined {
  if (CONTROL.test(value)) return 'control-character';
  if (UNPAIRED_SURROGATE.test(value)) return 'unpaired-surrogate';
  return undefined;
}

/** Single-line texts (names, subjects): no line breaks or tabs either. */
export function lineProblem(value: string): TextProblem | 'line-break' | undefined {
  if (/[\t\n\r\u2028\u2029\u0085]/.test(value)) return 'line-break';
  return textProblem(value);
}

/** The Dutch refusal for staff (the workflow's rules speak Dutch to staff). */
export function textProblemNl(what: string, problem: TextProblem | 'line-break'): string {
  return textProblemText(what, problem, 'nl');
}

/** The refusal for staff of a text `what` ("De notitie", "The note") with a character that cannot be stored, in `lang`. */
export function textProblemText(what: string, problem: TextProblem | 'line-break', lang: 'nl' | 'en'): string {
  if (lang === 'en') {
    switch (problem) {
      case 'control-character':
        return `${what} contains an invisible control character that cannot be stored. Type the text again or paste it as plain text.`;
      case 'unpaired-surrogate':
        return `${what} contains an invalid character. Type the text again or paste it as plain text.`;
      case 'line-break':
        return `${what} may not contain line breaks or tabs.`;
    }
  }
  switch (problem) {
    case 'control-character':
      return `${what} bevat een onzichtbaar stuurteken dat niet kan worden opgeslagen. Typ de tekst opnieuw of plak hem zonder opmaak.`;
    case 'unpaired-surrogate':
      return `${what} bevat een ongeldig teken. Typ de tekst opnieuw of plak hem zonder opmaak.`;
    case 'line-break':
      return `${what} mag geen regeleinden of tabs bevatten.`;
  }
}

/** Code points no HTML page may hold: controls other than tab and line breaks, unpaired surrogates, noncharacters. */
const NOT_IN_HTML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|\p{Cs}/gu;

/**
 * A refused text as its form shows it again: what a page cannot hold becomes U+FFFD (the message at
 * the field says to type it again), and in a single-line field line breaks become spaces (as a
 * browser would make them).
 */
export function asTypedAgain(value: string, o: { multiline?: boolean } = {}): string {
  const shown = value.replace(NOT_IN_HTML, '\uFFFD');
  return o.multiline ? shown : shown.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A refused form's values as it shows them again; `multiline` names its text areas. */
export function typedAgain(values: Record<string, string>, multiline: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asTypedAgain(v, { multiline: multiline.includes(k) })]));
}
