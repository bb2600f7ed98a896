/**
 * The text of a PDF, read by pdf-parse. pdf.js loads its worker with a dynamic import(), which
 * Jest's module sandbox refuses: pdf-parse runs in a plain Node process instead.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const PARSE = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = await parser.getText();
  const info = await parser.getInfo();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: text.text, pages: text.pages.map((p) => p.text), info: info.info }));
});`;

export interface PdfText { text: string; pages: string[]; info: Record<string, unknown> }

export function pdfText(pdf: Buffer): PdfText {
  const run = spawnSync(process.execPath, ['-e', PARSE], { input: pdf, cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`pdf-parse failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PdfText;
}

/** pdf-parse joins words by their position; compare text without regard to runs of spaces. */
export const squash = (text: string) => text.replace(/\s+/g, ' ');
