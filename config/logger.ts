import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'trainflow'): Logger {
  return pino({
    name,
    level,
    // Tokens and addresses never reach the logs.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'token', '*.token', 'email', '*.email'],
      remove: true,
    },
  });
}
