import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import type { DebugTarget } from './DebugTarget.js';
import type { StopEvent } from './DebugTarget.js';
import { GdbSession, type SessionEnd } from './GdbSession.js';
import { RspReader, framePacket } from './Rsp.js';

export interface GdbStubOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one (see `port` after `listen`). */
  readonly port: number;
  /** One line per connection event, for the user (`waiting for GDB on ...`). */
  readonly log?: (line: string) => void;
}

export class GdbListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GdbListenError';
  }
}

export interface SessionOutcome {
  readonly how: SessionEnd;
  /** The last state GDB was told of: a stop, or the program's end. */
  readonly last: StopEvent;
}

/**
 * A GDB remote stub on 127.0.0.1 serving one client at a time. Transport only: packet framing, acknowledgements
 * (until the client asks for no-ack mode), ^C, retransmission on `-`; the commands are GdbSession's.
 *
 * `session()` resolves when the client detaches or kills the program, or when it disconnects (taken as a detach:
 * the program runs on, as under QEMU).
 */
export class GdbStub {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(
    private readonly target: DebugTarget,
    private readonly options: GdbStubOptions,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  /** Starts listening; rejects with a GdbListenError (a one-line message) when the port cannot be bound. */
  listen(): Promise<number> {
    const port = this.options.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return Promise.reject(new GdbListenError(`--gdb ${port}: not a TCP port (0-65535)`));
    }
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new GdbListenError(`cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`)),
      );
      server.listen(this.options.port, '127.0.0.1', () => {
        this.server = server;
        this.boundPort = (server.address() as AddressInfo).port;
        resolve(this.boundPort);
      });
    });
  }

  /** Waits for one client and serves it until it detaches, kills the program or disconnects. */
  session(): Promise<SessionOutcome> {
    const server = this.server;
    if (!server) return Promise.reject(new Error('GdbStub.session() before listen()'));
    this.options.log?.(`waiting for GDB on 127.0.0.1:${this.boundPort}`);
    return new Promise((resolve) => {
      server.once('connection', (socket) => {
        this.options.log?.(`GDB connected from ${socket.remoteAddress}:${socket.remotePort}`);
        this.serve(socket, resolve);
      });
    });
  }

  close(): void {
    this.server?.close();
    this.server = undefined;
  }

  private serve(socket: Socket, done: (outcome: SessionOutcome) => void): void {
    const reader = new RspReader();
    let acknowledging = true;
    let lastSent: Buffer | undefined;
    let finished = false;
    let queue = Promise.resolve();

    const finish = (how: SessionEnd): void => {
      if (finished) return;
      finished = true;
      done({ how, last: session.lastEvent });
    };
    const session = new GdbSession(this.target, {
      send: (payload) => {
        lastSent = framePacket(payload);
        if (!socket.destroyed) socket.write(lastSent);
      },
      end: (how) => {
        socket.end();
        finish(how);
      },
    });

    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      for (const event of reader.feed(chunk)) {
        switch (event.kind) {
          case 'interrupt':
            session.interrupt();
            break;
          case 'corrupt':
            if (acknowledging) socket.write('-');
            break;
          case 'nak':
            if (lastSent && acknowledging) socket.write(lastSent);
            break;
          case 'ack':
            break;
          case 'packet': {
            if (acknowledging) socket.write('+');
            // The reply to QStartNoAckMode is the last acknowledged exchange.
            if (event.payload === 'QStartNoAckMode') acknowledging = false;
            const payload = event.payload;
            queue = queue.then(() => session.handle(payload));
            break;
          }
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      // A client that vanishes counts as a detach: end the debugger's run so the program can go on without it.
      if (session.isRunning) session.interrupt();
      void queue.then(() => finish('detach'));
    });
  }
}
