import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Language } from '../domain/case';
import { logger } from '../logger';

/**
 * The governance report as PDF, drawn with pdfkit (no browser): a generic document of sections
 * with key figures, a chart (SVG from src/analysis/charts.ts) and a table. A4, page numbers
 * "Pagina 1 van 3", a header line with the title from page 2 on, rows of tables and figures never
 * split over two pages. Text stays text (extractable, searchable) in the standard Helvetica.
 */

export interface ReportFigure {
  label: string;
  /** Formatted by the caller, e.g. "87%", "< 5", "€ 50". */
  value: string;
  /** How the figure is counted; printed small and grey under the label. */
  definition?: string;
}

export interface ReportTable {
  columns: string[];
  rows: string[][];
  /** Per column; by default the first column is left-aligned and numbers ("12", "87%", "< 5") right-aligned. */
  align?: ('left' | 'right')[];
}

export interface ReportSection {
  heading: string;
  intro?: string;
  figures?: ReportFigure[];
  /** An SVG chart, scaled to the text width. */
  chartSvg?: string;
  table?: ReportTable;
  /** Printed small after the section, e.g. what "< 5" means. */
  note?: string;
}

export interface ReportDocument {
  /** e.g. 'Klachtenrapportage directie' */
  title: string;
  /** e.g. 'Oktober 2026 (1 t/m 31 oktober)' */
  subtitle: string;
  language: Language;
  /** Formatted by the caller; the footer reads "Gemaakt op …" / "Generated on …". */
  generatedAt: string;
  /** The PDF's creation date (metadata); fix it for byte-stable output. Default: now. */
  createdAt?: Date;
  /** PDF metadata Author, e.g. the organisation. */
  author?: string;
  sections: ReportSection[];
}

const WORDS = {
  nl: { page: (n: number, of: number) => `Pagina ${n} van ${of}`, generated: (at: string) => `Gemaakt op ${at}` },
  en: { page: (n: number, of: number) => `Page ${n} of ${of}`, generated: (at: string) => `Generated on ${at}` },
} satisfies Record<Language, unknown>;

const PAGE_MARGINS = { top: 76, bottom: 68, left: 62, right: 62 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#1f2328';
const HEADING = '#16345e';
const GREY = '#5b616b';
const RULE = '#c9ced6';
const SHADE = '#eef1f5';
const BODY_SIZE = 10.5;
const SMALL_SIZE = 8.5;
const CELL_PAD = 5;

type Doc = PDFKit.PDFDocument;

export function renderReportPdf(report: ReportDocument): Promise<Buffer> {
  const createdAt = report.createdAt ?? new Date();
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true, // page numbers need the page count: header and footer are drawn at the end
    pdfVersion: '1.7',
    lang: report.language === 'nl' ? 'nl-NL' : 'en-GB',
    displayTitle: true,
    info: {
      Title: winAnsi(report.title),
      Subject: winAnsi(report.subtitle),
      ...(report.author ? { Author: winAnsi(report.author) } : {}),
      Creator: 'Klachtflow',
      Producer: 'Klachtflow (pdfkit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  try {
    titleBlock(doc, report);
    for (const section of report.sections) renderSection(doc, section);
    pageFurniture(doc, report);
    doc.end();
  } catch (error) {
    doc.end();
    return Promise.reject(error);
  }
  return done;
}

/**
 * pdfkit's standard fonts write WinAnsi (Windows-1252): Latin-1 plus € – — ‘ ’ “ ” • … and a few
 * more. Anything else would come out as garbage, so it becomes the nearest WinAnsi text.
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SUBSTITUTES: Record<string, string> = {
  '≥': '>=', '≤': '<=', '≠': '!=', '→': '->', '←': '<-', '−': '-', '‐': '-', '‑': '-', '‒': '-', '―': '—',
  '\u2007': '\u00a0', '\u2009': ' ', '\u200a': ' ', '\u202f': '\u00a0', '\u2002': ' ', '\u2003': ' ',
  '\u200b': '', '\u200e': '', '\u200f': '', '\ufeff': '', '′': "'", '″': '"', '✓': 'v',
};

export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x09 || code === 0x0a || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) {
      out += char;
    } else {
      out += SUBSTITUTES[char] ?? '?';
    }
  }
  return out;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A new page unless `height` still fits below the current position. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc) && doc.y > doc.page.margins.top) {
    doc.addPage();
  }
}

function titleBlock(doc: Doc, report: ReportDocument): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font(BOLD).fontSize(22).fillColor(HEADING).text(winAnsi(report.title), x, doc.page.margins.top, { width });
  doc.moveDown(0.25);
  doc.font(FONT).fontSize(13).fillColor(GREY).text(winAnsi(report.subtitle), x, doc.y, { width });
  doc.moveDown(0.6);
  doc.moveTo(x, doc.y).lineTo(x + width, doc.y).lineWidth(1.2).strokeColor(HEADING).stroke();
  doc.y += 14;
}

function renderSection(doc: Doc, section: ReportSection): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const heading = winAnsi(section.heading);
  doc.font(BOLD).fontSize(14);
  const headingHeight = doc.heightOfString(heading, { width });
  // Keep the heading with what follows it (a short intro and the first figure, the chart or the
  // table's first rows): no heading alone at the foot of a page.
  ensureSpace(doc, Math.min(headingHeight + 12 + openingHeight(doc, section), bottom(doc) - doc.page.margins.top));
  doc.y += 6;
  doc.font(BOLD).fontSize(14).fillColor(HEADING).text(heading, x, doc.y, { width });
  doc.y += 6;

  if (section.intro) {
    doc.font(FONT).fontSize(BODY_SIZE).fillColor(INK).text(winAnsi(section.intro), x, doc.y, { width, lineGap: 2 });
    doc.y += 8;
  }
  if (section.figures?.length) figures(doc, section.figures);
  if (section.chartSvg) chart(doc, section.chartSvg);
  if (section.table && section.table.columns.length > 0) table(doc, section.table);
  if (section.note) {
    doc.font(FONT).fontSize(SMALL_SIZE);
    const note = winAnsi(section.note);
    ensureSpace(doc, doc.heightOfString(note, { width }));
    doc.fillColor(GREY).text(note, x, doc.y, { width, lineGap: 1 });
    doc.y += 6;
  }
  doc.y += 12;
}

/** Height of the start of a section's content, to keep with its heading. */
function openingHeight(doc: Doc, section: ReportSection): number {
  const width = contentWidth(doc);
  let intro = 0;
  if (section.intro) {
    doc.font(FONT).fontSize(BODY_SIZE);
    intro = doc.heightOfString(winAnsi(section.intro), { width, lineGap: 2 }) + 8;
    // A long intro may run on by itself; three lines of it are enough company for the heading.
    if (intro > 60) return 3 * (BODY_SIZE + 4);
  }
  if (section.figures?.length) return intro + 40;
  if (section.chartSvg) return intro + chartSize(doc, section.chartSvg).height + 10;
  if (section.table?.columns.length) return intro + 60;
  return intro;
}

/** Key figures: label (and its definition in small grey) on the left, the value on the right. */
function figures(doc: Doc, list: ReportFigure[]): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const valueWidth = Math.round(width * 0.28);
  const labelWidth = width - valueWidth - 12;
  const pad = 5;
  for (const figure of list) {
    const label = winAnsi(figure.label);
    const value = winAnsi(figure.value);
    const definition = figure.definition ? winAnsi(figure.definition) : undefined;
    doc.font(FONT).fontSize(BODY_SIZE);
    const labelHeight = doc.heightOfString(label, { width: labelWidth });
    doc.font(FONT).fontSize(SMALL_SIZE);
    const definitionHeight = definition ? doc.heightOfString(definition, { width: labelWidth, lineGap: 1 }) + 2 : 0;
    doc.font(BOLD).fontSize(BODY_SIZE + 1);
    const valueHeight = doc.heightOfString(value, { width: valueWidth });
    const rowHeight = Math.max(labelHeight + definitionHeight, valueHeight) + 2 * pad;
    ensureSpace(doc, rowHeight);

    const top = doc.y;
    doc.font(FONT).fontSize(BODY_SIZE).fillColor(INK).text(label, x, top + pad, { width: labelWidth });
    if (definition) {
      doc.font(FONT).fontSize(SMALL_SIZE).fillColor(GREY).text(definition, x, top + pad + labelHeight + 2, { width: labelWidth, lineGap: 1 });
    }
    doc.font(BOLD).fontSize(BODY_SIZE + 1).fillColor(INK).text(value, x + width - valueWidth, top + pad, { width: valueWidth, align: 'right' });
    doc.moveTo(x, top + rowHeight).lineTo(x + width, top + rowHeight).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.x = x;
    doc.y = top + rowHeight;
  }
  doc.y += 12;
}

function chartSize(doc: Doc, svg: string): { width: number; height: number } {
  const width = contentWidth(doc);
  const svgWidth = Number(/<svg\b[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 640);
  const svgHeight = Number(/<svg\b[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 320);
  return { width, height: (width / svgWidth) * svgHeight };
}

/** The SVG at the text width (never wider than drawn for), height to its aspect ratio. */
function chart(doc: Doc, svg: string): void {
  const x = doc.page.margins.left;
  const { width, height } = chartSize(doc, svg);
  ensureSpace(doc, height + 10);
  const top = doc.y;
  SVGtoPDF(doc as unknown as typeof PDFDocument, winAnsiSvg(svg), x, top, {
    width,
    height,
    preserveAspectRatio: 'xMinYMin meet',
    // The default writes to the console; a part of a chart it cannot draw is no reason to fail the report.
    warningCallback: (warning) => logger.warn({ warning }, 'chart SVG not fully drawn in PDF'),
  });
  doc.x = x;
  doc.y = top + height + 10;
}

/** winAnsi() for the text of an SVG, keeping its markup well-formed. */
function winAnsiSvg(svg: string): string {
  return winAnsi(svg).replace(/<=/g, '&lt;=').replace(/<-/g, '&lt;-');
}

/**
 * Column widths as browsers lay out automatic tables: every column at least its longest word,
 * the rest of the text width shared in proportion to how much more each column's content wants.
 * When everything fits on one line, the room left goes to the first (label) column.
 */
function columnWidths(doc: Doc, t: ReportTable, width: number): number[] {
  const size = SMALL_SIZE + 0.5;
  const measure = (text: string, font: string) => {
    doc.font(font).fontSize(size);
    const clean = winAnsi(text);
    return { word: Math.max(0, ...clean.split(/\s+/).map((w) => doc.widthOfString(w))), full: doc.widthOfString(clean) };
  };
  const pad = 2 * CELL_PAD + 1;
  const least: number[] = [];
  const wanted: number[] = [];
  t.columns.forEach((column, i) => {
    const cells = [measure(column, BOLD), ...t.rows.map((row) => measure(row[i] ?? '', FONT))];
    least.push(Math.max(...cells.map((c) => c.word)) + pad);
    wanted.push(Math.max(...cells.map((c) => c.full)) + pad);
  });
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  if (sum(wanted) <= width) return wanted.map((w, i) => (i === 0 ? w + width - sum(wanted) : w));
  if (sum(least) >= width) return least.map((w) => (w * width) / sum(least));
  const room = width - sum(least);
  const want = sum(wanted) - sum(least);
  return least.map((w, i) => w + (room * ((wanted[i] ?? w) - w)) / want);
}

const NUMERIC = /^[<>≤≥~]?\s*[-+−]?[€$]?\s*[\d.,]+\s*(%|€)?$|^[–—-]$/;

function table(doc: Doc, t: ReportTable): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const widths = columnWidths(doc, t, width);
  const align = t.columns.map((_, i) => t.align?.[i]
    ?? (i > 0 && t.rows.every((row) => NUMERIC.test((row[i] ?? '').trim()) || (row[i] ?? '').trim() === '') ? 'right' : 'left'));
  const size = SMALL_SIZE + 0.5;

  const measure = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(winAnsi(cell), { width: (widths[i] ?? 0) - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  };
  const drawRow = (cells: string[], header: boolean, shade: boolean) => {
    const height = measure(cells, header ? BOLD : FONT);
    const top = doc.y;
    if (header || shade) doc.rect(x, top, width, height).fillColor(header ? '#dde3ec' : SHADE).fill();
    let left = x;
    doc.font(header ? BOLD : FONT).fontSize(size).fillColor(INK);
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.text(winAnsi(cell), left + CELL_PAD, top + CELL_PAD, { width: w - 2 * CELL_PAD, align: align[i] ?? 'left' });
      left += w;
    });
    doc.moveTo(x, top + height).lineTo(x + width, top + height).lineWidth(header ? 0.8 : 0.4).strokeColor(header ? GREY : RULE).stroke();
    doc.x = x;
    doc.y = top + height;
  };

  const headerHeight = measure(t.columns, BOLD);
  // The header and at least the first row together.
  ensureSpace(doc, headerHeight + (t.rows[0] ? measure(t.rows[0], FONT) : 0));
  drawRow(t.columns, true, false);
  t.rows.forEach((row, index) => {
    const height = measure(row, FONT);
    // A row that does not fit goes whole to the next page, under a repeated header row.
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawRow(t.columns, true, false);
    }
    drawRow(row, false, index % 2 === 1);
  });
  doc.y += 12;
}

/** Header line (from page 2 on) and footer on every page, once the page count is known. */
function pageFurniture(doc: Doc, report: ReportDocument): void {
  const words = WORDS[report.language];
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const x = margins.left;
    const width = contentWidth(doc);
    // Writing in the margins must not start a new page: margins off while drawing there.
    const saved = { ...margins };
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    if (i > range.start) {
      const y = saved.top - 30;
      doc.font(FONT).fontSize(SMALL_SIZE).fillColor(GREY);
      const subtitle = truncateToWidth(doc, winAnsi(report.subtitle), width * 0.45);
      const subtitleWidth = doc.widthOfString(subtitle);
      doc.text(truncateToWidth(doc, winAnsi(report.title), width - subtitleWidth - 16), x, y, { lineBreak: false });
      doc.text(subtitle, x + width - subtitleWidth, y, { lineBreak: false });
      doc.moveTo(x, y + 13).lineTo(x + width, y + 13).lineWidth(0.5).strokeColor(RULE).stroke();
    }
    const y = doc.page.height - saved.bottom + 24;
    doc.moveTo(x, y - 8).lineTo(x + width, y - 8).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(FONT).fontSize(SMALL_SIZE).fillColor(GREY);
    const pageNumber = words.page(i - range.start + 1, range.count);
    const pageNumberWidth = doc.widthOfString(pageNumber);
    doc.text(truncateToWidth(doc, winAnsi(words.generated(report.generatedAt)), width - pageNumberWidth - 16), x, y, { lineBreak: false });
    doc.text(pageNumber, x + width - pageNumberWidth, y, { lineBreak: false });
    doc.page.margins = saved;
  }
}

/** The text, shortened with "…" to one line of at most `width` in the current font. */
function truncateToWidth(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let end = text.length;
  while (end > 0 && doc.widthOfString(`${text.slice(0, end).trimEnd()}…`) > width) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}
