import fs from 'node:fs';
import path from 'node:path';
import MailDev from 'maildev';

export interface LocalInbox {
  smtpUrl: string;
  webUrl: string;
  close(): Promise<void>;
}

/**
 * A local mail catcher with a web inbox (maildev), for running Trainflow without an SMTP
 * server. Messages are kept under DATA_DIR/mail.
 */
export async function startLocalInbox(options: { dataDir: string; smtpPort: number; webPort: number; host?: string }): Promise<LocalInbox> {
  const host = options.host ?? '127.0.0.1';
  const mailDirectory = path.join(options.dataDir, 'mail');
  fs.mkdirSync(mailDirectory, { recursive: true });
  const maildev = new MailDev({ smtp: options.smtpPort, web: options.webPort, ip: host, mailDirectory, silent: true, noLogo: true });
  await new Promise<void>((resolve, reject) => maildev.listen((error) => (error ? reject(error) : resolve())));
  return {
    smtpUrl: `smtp://${host}:${options.smtpPort}`,
    webUrl: `http://${host}:${options.webPort}`,
    close: () => new Promise<void>((resolve) => maildev.close(() => resolve())),
  };
}
