import nodemailer, { type Transporter } from 'nodemailer';
import type { RefusedRecipient, SmtpReply } from '../domain/email-delivery';

export interface OutgoingEmail {
  /** The To header: everyone the email is for. */
  to: string[];
  /** Whom this attempt delivers to (the envelope's RCPT TO); default all of `to`. */
  deliverTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Deterministic per outbox row, so a receiver can recognise a repeat. */
  messageId: string;
}

export interface SendResult {
  accepted: string[];
  /** Refused at RCPT TO while others were accepted: the message went to the accepted ones. */
  refused: RefusedRecipient[];
}

/**
 * The message went to nobody: the server could not be reached, hung up, refused the sender or
 * the message, or refused every recipient (then `refused` holds each answer).
 */
export class SmtpFailure extends Error implements SmtpReply {
  constructor(
    readonly answer: string,
    readonly command: string | undefined,
    readonly code: number | undefined,
    readonly refused: RefusedRecipient[] = [],
  ) {
    super(answer);
    this.name = 'SmtpFailure';
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): void;
}

/**
 * Timeouts well inside the delivery activity's one minute, so a hung server fails an attempt
 * (retried) rather than outliving it. nodemailer's defaults are 2 minutes to connect and 10
 * minutes of silence.
 */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/** The fields nodemailer puts on its errors and on each refused recipient. */
interface NodemailerError extends Error {
  command?: string;
  responseCode?: number;
  response?: string;
  recipient?: string;
  rejectedErrors?: NodemailerError[];
}

/** The server's answer as stored and shown: one line of printable text (a NUL would not even store), at most 500 characters. */
const answerOf = (error: NodemailerError) =>
  (error.response || error.message)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 500);

function refusedOf(errors: NodemailerError[] | undefined): RefusedRecipient[] {
  return (errors ?? []).map((e) => ({ address: e.recipient ?? '', command: e.command, code: e.responseCode, answer: answerOf(e) }));
}

/**
 * Sends through the SMTP server at smtpUrl (smtp://host:port, smtps://user:pass@host) with
 * nodemailer's SMTP transport, and reports each recipient's answer: nodemailer goes on with the
 * accepted recipients when the server refuses some at RCPT TO, and fails only when it refuses all.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS } as Parameters<
    typeof nodemailer.createTransport
  >[0]);
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from,
          to: email.to,
          // The envelope names only this attempt's recipients; the To header stays whole.
          envelope: email.deliverTo ? { from, to: email.deliverTo } : undefined,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
        });
        return {
          accepted: (info.accepted as unknown[]).map(String),
          refused: refusedOf((info as { rejectedErrors?: NodemailerError[] }).rejectedErrors),
        };
      } catch (thrown) {
        const error = thrown as NodemailerError;
        throw new SmtpFailure(answerOf(error), error.command, error.responseCode, refusedOf(error.rejectedErrors));
      }
    },
    close: () => transport.close(),
  };
}
