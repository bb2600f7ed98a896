import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Language } from '../domain/case';

/** The emails of the procedure. Each has nl and en subject, plain-text and HTML templates. */
export type EmailTemplate = 'acknowledgement';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const TEMPLATES_DIR = path.join(__dirname, 'templates');
const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(file: string, escape: boolean): Handlebars.TemplateDelegate {
  const key = `${file}:${escape}`;
  let template = cache.get(key);
  if (!template) {
    const source = readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
    // Plain text and subjects are not HTML: escaping would show &amp; to the customer.
    template = Handlebars.compile(source, { noEscape: !escape, strict: true });
    cache.set(key, template);
  }
  return template;
}

export function renderEmail(template: EmailTemplate, language: Language, data: Record<string, unknown>): RenderedEmail {
  const subject = compiled(`${template}/${language}.subject.hbs`, false)(data).replace(/\s+/g, ' ').trim();
  const text = compiled(`${template}/${language}.text.hbs`, false)(data).replace(/\n{3,}/g, '\n\n');
  const body = compiled(`${template}/${language}.html.hbs`, true)(data);
  const html = compiled('layout.html.hbs', true)({ ...data, language, subject, body });
  return { subject, text, html };
}
