import { z } from 'zod';

/** Everything the processes read from the environment, validated once. */
/** An empty variable counts as unset (docker-compose passes `SMTP_URL=` when it is not given). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_BASE_URL: optional(z.url()),
  DATABASE_URL: optional(z.string().min(1)),
  TEMPORAL_ADDRESS: optional(z.string().min(1)),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('klachtflow'),
  TEMPORAL_UI_URL: optional(z.url()),
  TEMPORAL_UI_UPSTREAM: optional(z.url()),
  SMTP_URL: optional(z.string().min(1)),
  MAIL_FROM: z.string().min(3).default('Klachtflow <klachten@localhost>'),
  CSRF_SECRET: optional(z.string().min(32)),
  STATUS_TOKEN_SECRET: optional(z.string().min(32)),
  INTAKE_API_KEY: optional(z.string().min(24)),
  TRUST_PROXY: optional(z.string().max(200)),
  TASK_WEBHOOK_URL: optional(z.url()),
  TASK_WEBHOOK_SECRET: optional(z.string().min(16)),
  KLACHTFLOW_ENCRYPTION_KEYS: optional(z.string().max(10_000)),
  PRIVACY_STATEMENT_URL: optional(z.url()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(1000),
});

export interface Config {
  port: number;
  publicBaseUrl: string;
  /** The organisation's privacy statement, linked from the form's privacy notice. */
  privacyStatementUrl?: string;
  databaseUrl?: string;
  /**
   * uiUrl: where staff open Temporal Web; uiUpstream: when set, the web app serves Temporal Web
   * from there at /admin/temporal (src/web/temporalWeb.ts), and uiUrl defaults to that.
   */
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string; uiUpstream?: string };
  mail: { smtpUrl?: string; from: string };
  csrfSecret?: string;
  /** Signs the customers' status links: the same value in the web app and the worker. */
  statusTokenSecret?: string;
  /** Bearer key for POST /api/cases; the intake API is off without it. */
  intakeApiKey?: string;
  /** New staff tasks are posted here (signed with the secret), when set. */
  taskWebhook?: { url: string; secret: string };
  secureCookies: boolean;
  /** Express's "trust proxy": which proxies' X-Forwarded-For to believe (rate limits per customer). */
  trustProxy: string | number;
  logLevel: string;
  /**
   * Case workflows the worker keeps in memory (Temporal's sticky cache), set explicitly instead of
   * the SDK's share of the heap. About 0.25 MB each; beyond it a case is replayed from its history
   * when its next task comes. Pages read the read model, so only the workflows' own tasks pay.
   */
  workerCachedWorkflows: number;
  /** KLACHTFLOW_ENCRYPTION_KEYS as given; read by temporalDataConverter (src/temporal/codec.ts). */
  encryptionKeys?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    publicBaseUrl,
    privacyStatementUrl: e.PRIVACY_STATEMENT_URL,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? 'localhost:7233',
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: (e.TEMPORAL_UI_URL ?? (e.TEMPORAL_UI_UPSTREAM ? `${publicBaseUrl}/admin/temporal` : 'http://localhost:8233')).replace(/\/+$/, ''),
      uiUpstream: e.TEMPORAL_UI_UPSTREAM?.replace(/\/+$/, ''),
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    csrfSecret: e.CSRF_SECRET,
    statusTokenSecret: e.STATUS_TOKEN_SECRET,
    intakeApiKey: e.INTAKE_API_KEY,
    taskWebhook: e.TASK_WEBHOOK_URL
      ? { url: e.TASK_WEBHOOK_URL, secret: requiredSecret(e.TASK_WEBHOOK_SECRET, 'TASK_WEBHOOK_SECRET (with TASK_WEBHOOK_URL)') }
      : undefined,
    secureCookies: publicBaseUrl.startsWith('https://'),
    trustProxy: e.TRUST_PROXY ? (/^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY) : 'loopback',
    logLevel: e.LOG_LEVEL,
    workerCachedWorkflows: e.WORKER_CACHED_WORKFLOWS,
    encryptionKeys: e.KLACHTFLOW_ENCRYPTION_KEYS,
  };
}

/** A secret the process cannot run without (npm start provides development ones). */
export function requiredSecret(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set: 32 or more random characters, the same for the web app and the worker`);
  return value;
}
