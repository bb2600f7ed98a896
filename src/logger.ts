import pino from 'pino';

export const logger = pino({
  name: 'klachtflow',
  level: process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
});
