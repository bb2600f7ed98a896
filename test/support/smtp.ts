import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /** What the server answers to each message: accept, a temporary (4xx) or a permanent (5xx) refusal. */
  mode: 'accept' | 'temporary-failure' | 'permanent-failure';
  close(): Promise<void>;
}

/** A real SMTP server on localhost that parses what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: '', received: [], mode: 'accept', close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.mode !== 'accept') {
          const err = Object.assign(new Error(state.mode === 'temporary-failure' ? 'Try again later' : 'No such user'), {
            responseCode: state.mode === 'temporary-failure' ? 451 : 550,
          });
          callback(err);
          return;
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          state.received.push(mail);
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
