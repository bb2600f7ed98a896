/**
 * Renders an email from its template. A template file holds the subject, a line `---`, and the
 * plain-text body; the HTML part is made from the same text (escaped, paragraphs, links), so the
 * two parts always say the same. Values are never HTML in either part.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Language } from '../domain/case';
import type { EmailTemplate } from './templates';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const TEMPLATES_DIR = path.join(__dirname, 'templates');
const cache = new Map<string, { subject: Handlebars.TemplateDelegate; body: Handlebars.TemplateDelegate }>();

function load(name: string, language: Language) {
  const key = `${name}.${language}`;
  let template = cache.get(key);
  if (!template) {
    const source = readFileSync(path.join(TEMPLATES_DIR, `${key}.hbs`), 'utf8');
    const [subject, ...body] = source.split(/^---$/m);
    if (!subject || body.length === 0) throw new Error(`${key}.hbs needs a subject line, a line "---" and a body`);
    // Plain text: escaping would show &amp; to the customer. The HTML part escapes below.
    const compile = (s: string) => Handlebars.compile(s.trim(), { noEscape: true, strict: true });
    template = { subject: compile(subject), body: compile(body.join('---')) };
    cache.set(key, template);
  }
  return template;
}

const footers = new Map<Language, Handlebars.TemplateDelegate>();
/** Under every email: the personal status link and the sign-off (footer.<lang>.hbs). */
function footer(language: Language): Handlebars.TemplateDelegate {
  let template = footers.get(language);
  if (!template) {
    template = Handlebars.compile(readFileSync(path.join(TEMPLATES_DIR, `footer.${language}.hbs`), 'utf8').trim(),
      { noEscape: true, strict: true });
    footers.set(language, template);
  }
  return template;
}

const layout = Handlebars.compile(readFileSync(path.join(TEMPLATES_DIR, 'layout.html.hbs'), 'utf8'), { strict: true });

export function renderEmail(template: EmailTemplate, language: Language, data: Record<string, unknown>): RenderedEmail {
  const { subject, body } = load(template, language);
  const renderedSubject = subject(data).replace(/\s+/g, ' ').trim();
  const text = `${body(data).replace(/\n{3,}/g, '\n\n').trim()}\n\n${footer(language)(data)}\n`;
  const ownLinks = typeof data.statusUrl === 'string' ? [data.statusUrl] : [];
  return { subject: renderedSubject, text, html: htmlEmail(language, renderedSubject, text, data.reference, ownLinks) };
}

/**
 * The HTML part of an email: the plain text in the house layout, escaped, with paragraphs. Only
 * the system's own links (`ownLinks`: the personal status link) are made clickable; an address
 * that someone typed (a name, a description, a staff text) stays plain text, so that no email in
 * the company's name ever carries a link that a customer or an attacker chose.
 */
export function htmlEmail(language: Language, subject: string, text: string, reference?: unknown, ownLinks: readonly string[] = []): string {
  return layout({ language, subject, reference, body: textToHtml(text, ownLinks) });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Paragraphs at blank lines, line breaks kept, the system's own links made clickable. */
function textToHtml(text: string, ownLinks: readonly string[]): string {
  const own = new Set(ownLinks.map(escapeHtml));
  return text.split(/\n{2,}/).map((paragraph) => {
    const html = escapeHtml(paragraph)
      .replace(/https?:\/\/[^\s<]+/g, (url) => (own.has(url) ? `<a href="${url}">${url}</a>` : url))
      .replace(/\n/g, '<br>\n');
    return `<p style="margin:0 0 16px;">${html}</p>`;
  }).join('\n');
}
