import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  messageId: string;
  /** The To header. */
  to: string[];
  /** Whom this copy was delivered to (RCPT TO). */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
}

/** A reply the test tells the server to give, `times` times (for ever by default). */
export interface ScriptedReply {
  code: number;
  message: string;
  times?: number;
}

/** A real SMTP server in-process: what nodemailer sends arrives here over TCP. */
export interface TestSmtpServer {
  url: string;
  port: number;
  /** Messages the server accepted (250 after DATA). */
  received: ReceivedEmail[];
  /** Messages that came in whole but were not answered: the server hung up instead. */
  dropped: ReceivedEmail[];
  /** Answers RCPT TO for this address with `reply` instead of accepting it. */
  refuseRecipient(address: string, reply: ScriptedReply): void;
  /** Answers the end of the next messages with `reply` instead of accepting them. */
  refuseMessages(reply: ScriptedReply): void;
  /** Hangs up after the next `times` messages have come in whole, without answering them. */
  dropAfterData(times: number): void;
  /** Back to accepting everything. */
  acceptAll(): void;
  /**
   * Resolves with the matching messages once exactly `count` have arrived. Fails when more than
   * `count` match, or when one Message-ID arrives twice (an email sent twice), or on the timeout.
   */
  waitFor(count: number, filter?: (email: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail[]>;
  close(): Promise<void>;
}

const subjects = (emails: ReceivedEmail[]) => emails.map((e) => e.subject).join(' | ');

/** Message-IDs that arrived more than once. */
function duplicateIds(emails: ReceivedEmail[]): string[] {
  const seen = new Set<string>();
  return [...new Set(emails.filter((e) => seen.size === seen.add(e.messageId).size).map((e) => e.messageId))];
}

function addresses(parsed: ParsedMail): string[] {
  const to = parsed.to ? (Array.isArray(parsed.to) ? parsed.to : [parsed.to]) : [];
  return to.flatMap((group) => group.value.map((a) => a.address ?? '')).filter(Boolean);
}

/** The scripted reply, used up once; undefined when there is none left. */
function take(reply: ScriptedReply | undefined): Error | undefined {
  if (!reply || (reply.times ?? Infinity) <= 0) return undefined;
  if (reply.times !== undefined) reply.times -= 1;
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

export async function startTestSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const dropped: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  let recipientReplies = new Map<string, ScriptedReply>();
  let messageReply: ScriptedReply | undefined;
  let drops = 0;
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(take(recipientReplies.get(address.address.toLowerCase())));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const email = {
            messageId: parsed.messageId ?? '',
            to: addresses(parsed),
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          if (drops > 0) {
            drops -= 1;
            dropped.push(email);
            // smtp-server keeps its connections in a set; the one with this session hangs up.
            const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
            [...connections].find((c) => c.id === session.id)?._socket.destroy();
            return;
          }
          const refusal = take(messageReply);
          if (refusal) return callback(refusal);
          received.push(email);
          waiters.forEach((wake) => wake());
          callback();
        })
        .catch(callback);
    },
  });
  // A client killed mid-conversation (crash tests) resets its socket: that is not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    dropped,
    refuseRecipient: (address, reply) => void recipientReplies.set(address.toLowerCase(), { ...reply }),
    refuseMessages: (reply) => void (messageReply = { ...reply }),
    dropAfterData: (times) => void (drops = times),
    acceptAll() {
      recipientReplies = new Map();
      messageReply = undefined;
      drops = 0;
    },
    waitFor(count, filter = () => true, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received.filter(filter);
          const duplicates = duplicateIds(matching);
          if (matching.length < count && duplicates.length === 0) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (duplicates.length) reject(new Error(`Received twice: ${duplicates.join(', ')}`));
          else if (matching.length > count) reject(new Error(`Expected ${count} emails, got ${matching.length}: ${subjects(matching)}`));
          else resolve(matching);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Expected ${count} emails, got ${received.filter(filter).length}: ${subjects(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
