import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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
  close(): Promise<void>;
}

/** A real SMTP server on localhost that parses what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: '', received: [], mode: 'accept', greylisted: [], close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A permanent failure is a refused recipient, as a real server refuses an unknown address.
    onRcptTo(address, _session, callback) {
      if (state.mode === 'permanent-failure') {
        callback(Object.assign(new Error(`No such user: ${address.address}`), { responseCode: 550 }));
        return;
      }
      if (state.mode === 'greylisting' && !state.greylisted.includes(address.address)) {
        state.greylisted.push(address.address);
        callback(Object.assign(new Error('Greylisted, please try again later'), { responseCode: 450 }));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
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
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
