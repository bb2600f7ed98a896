/**
 * The second half of `npm run build`, run compiled (`node dist/src/cli/build.js`) after tsc has
 * written dist/ (tsconfig.build.json):
 * - the files the compiled code reads beside itself at run time (every file under src/ that is not
 *   TypeScript: the Handlebars views and static files of src/web, the email templates, the SQL
 *   migrations, ...) are copied to the same place under dist/src/;
 * - the workflow code is bundled once into dist/workflow-bundle.js, with the options the worker
 *   would bundle it with at start (the failure converter of src/temporal/codec.ts), so the
 *   production worker loads it instead of running webpack at every start (worker.ts).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../temporal/codec';

/** The bundle's name beside the compiled worker: worker.ts looks for the same name. */
const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/** Copies every file under `from` that tsc does not compile (not .ts) to the same path under `to`. */
function copyAssets(from: string, to: string): number {
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copied += copyAssets(source, target);
    } else if (entry.isFile() && !entry.name.endsWith('.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, target);
      copied += 1;
    }
  }
  return copied;
}

async function main(): Promise<void> {
  // Compiled, this file is dist/src/cli/build.js; from the TypeScript source it would write the
  // bundle beside worker.ts, where the development worker would then pick it up.
  if (!__filename.endsWith('.js')) throw new Error('run `npm run build`: this step runs compiled, from dist/');
  const dist = path.resolve(__dirname, '..', '..');
  const root = path.resolve(dist, '..');
  if (!existsSync(path.join(dist, 'worker.js'))) throw new Error(`no ${path.join(dist, 'worker.js')}: run tsc -p tsconfig.build.json first`);

  const copied = copyAssets(path.join(root, 'src'), path.join(dist, 'src'));
  process.stdout.write(`build: copied ${copied} files from src/ to ${path.relative(root, path.join(dist, 'src'))}/\n`);

  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
  });
  const bundle = path.join(dist, WORKFLOW_BUNDLE_FILE);
  writeFileSync(bundle, code);
  process.stdout.write(`build: workflow bundle ${path.relative(root, bundle)} (${Math.round(code.length / 1024)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
