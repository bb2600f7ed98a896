/**
 * Workflow code must replay the histories of cases that are already running: each history in
 * test/fixtures/histories was recorded from an earlier version of the workflow. A change that
 * breaks one needs `patched()`, not a new fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testEncryption, workflowBundle } from '../support/env';

const DIR = path.join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('replays %s without nondeterminism', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
  // Older fixtures are plaintext (they pass the codec unchanged); newer ones are encrypted with the tests' keys.
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testEncryption().dataConverter }, history, file);
});
