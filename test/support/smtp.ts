import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * Where a server may keep a client waiting for its reply: the greeting after connecting, the
 * replies to MAIL FROM and RCPT TO, and the reply to the final dot after DATA.
 */
export type SmtpPhase = 'connect' | 'mail' | 'rcpt' | 'data-end';

export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /**
   * What the server answers to each message: accept, a temporary (4xx) or a permanent (5xx)
   * refusal, or greylisting: each recipient refused once at RCPT TO with 450, then accepted.
   */
  mode: 'accept' | 'temporary-failure' | 'permanent-failure' | 'greylisting';
  /** Recipients refused with 450 so far (greylisting). */
  greylisted: string[];
  /** Runs when a message has arrived, before the server answers 250 (a fault test cuts the database there). */
  beforeAccept?: () => void;
  /**
   * Holds the reply at `phase` for the first `sessions` sessions that reach it, until their client
   * goes away (a fault test kills the client there) or, with `ms`, for that long at most (a slow
   * server); later sessions are answered at once. At
   * `data-end` the message counts as received before the reply, as on a server that queues a
   * message before it answers 250: a client that goes away then does not take it back.
   */
  hold?: { phase: SmtpPhase; sessions: number; ms?: number };
  /** Sessions held so far, and how many of them their client left while held. */
  held: { total: number; abandoned: number };
  /** When the server answered 250 to a message's final dot (to a client still there), by Message-ID. */
  acceptedAt: { messageId: string | undefined; at: number }[];
  close(): Promise<void>;
}

/** A real SMTP server on localhost that parses what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: '', received: [], mode: 'accept', greylisted: [], held: { total: 0, abandoned: 0 }, acceptedAt: [], close: async () => undefined,
  };
  const waiting = new Map<string, () => void>();
  /** Runs `reply` at once, or, if `phase` is held, when the session's client has gone (`gone`). */
  const replyAt = (phase: SmtpPhase, session: SMTPServerSession, reply: (gone: boolean) => void) => {
    if (state.hold?.phase !== phase || state.held.total >= state.hold.sessions) {
      reply(false);
      return;
    }
    state.held.total += 1;
    waiting.set(session.id, () => {
      state.held.abandoned += 1;
      reply(true); // written to nowhere: the server drops it
    });
    if (state.hold.ms === undefined) return;
    setTimeout(() => {
      if (!waiting.delete(session.id)) return;
      reply(false);
    }, state.hold.ms);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      replyAt('connect', session, () => callback());
    },
    onMailFrom(_address, session, callback) {
      replyAt('mail', session, () => callback());
    },
    onClose(session) {
      const release = waiting.get(session.id);
      waiting.delete(session.id);
      release?.();
    },
    // A permanent failure is a refused recipient, as a real server refuses an unknown address.
    onRcptTo(address, session, callback) {
      if (state.mode === 'permanent-failure') {
        callback(Object.assign(new Error(`No such user: ${address.address}`), { responseCode: 550 }));
        return;
      }
      if (state.mode === 'greylisting' && !state.greylisted.includes(address.address)) {
        state.greylisted.push(address.address);
        callback(Object.assign(new Error('Greylisted, please try again later'), { responseCode: 450 }));
        return;
      }
      replyAt('rcpt', session, () => callback());
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.mode === 'temporary-failure') {
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          state.received.push(mail);
          state.beforeAccept?.();
          replyAt('data-end', session, (gone) => {
            if (!gone) state.acceptedAt.push({ messageId: mail.messageId, at: Date.now() });
            callback();
          });
        }, callback);
      });
    },
  });
  // A client that goes away mid-message (a worker killed while sending) resets its connection:
  // that is the test's fault to cause, not one to end the test process with.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
