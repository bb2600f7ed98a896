/**
 * docs/openapi.yaml as a contract the tests hold the server to: the document itself checked by a
 * maintained OpenAPI validator (@seriousme/openapi-schema-validator, its CLI: the package is ESM
 * only), and requests and responses checked against its schemas with Ajv (JSON Schema 2020-12,
 * the dialect of OpenAPI 3.1).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
export const OPENAPI_FILE = path.join(ROOT, 'docs', 'openapi.yaml');

interface Operation {
  requestBody: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const document = parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
};

/** The validator's verdict on the document, as it prints it. */
export function validateDocument(): { valid: boolean; errors?: unknown } {
  const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js', { paths: [ROOT] });
  try {
    return JSON.parse(execFileSync(process.execPath, [cli, OPENAPI_FILE], { encoding: 'utf8' })) as { valid: boolean };
  } catch (err) {
    const out = (err as { stdout?: string }).stdout;
    return out ? (JSON.parse(out) as { valid: boolean; errors: unknown }) : { valid: false, errors: String(err) };
  }
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// Component schemas under their document address, so that $ref '#/components/schemas/X' resolves.
ajv.addSchema({ $id: 'openapi', components: document.components });
const compiled = new Map<string, ValidateFunction>();

function validator(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"openapi#/components/')) as object;
    compiled.set(key, (validate = ajv.compile(rewritten)));
  }
  return validate;
}

function operation(method: string, pathName: string): Operation {
  const op = document.paths[pathName]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${pathName} is not in docs/openapi.yaml`);
  return op;
}

/** Errors of a request body against the operation's schema; empty when it conforms. */
export function requestErrors(method: string, pathName: string, body: unknown): string[] {
  const validate = validator(operation(method, pathName).requestBody.content['application/json']!.schema);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Errors of a response (status, content type, body) against the document; empty when it conforms. */
export function responseErrors(method: string, pathName: string, res: { status: number; headers: Record<string, string>; body: unknown }): string[] {
  const documented = operation(method, pathName).responses[String(res.status)];
  if (!documented) return [`status ${res.status} is not documented`];
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const content = documented.content?.[type];
  if (!content) return [`content type ${type} is not documented for ${res.status}`];
  const validate = validator(content.schema);
  return validate(res.body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
