import { ClientClosedError, ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError } from '@redis/client/dist/lib/errors.js';
import { describe, expect, it } from 'vitest';
import { classifyRedisError } from '../../src/redis/classify-error.js';
import { DeadlineError, VitalsError } from '../../src/errors.js';

/** node-redis's own error classes (they leave `name` as "Error"), as the poller receives them. */
describe('classifyRedisError with node-redis errors', () => {
  it.each([
    [new ConnectionTimeoutError(), 'timeout'],
    [new SocketClosedUnexpectedlyError(), 'connection_closed'],
    [new ClientClosedError(), 'connection_closed'],
    [new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.'), 'auth'],
    [new ErrorReply("ERR unknown command 'CONFIG'"), 'command'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'connection_refused'],
  ])('%s → %s', (err, reason) => {
    expect(classifyRedisError(err).reason).toBe(reason);
  });
});

describe('our own errors are classified by their code', () => {
  it('E_DEADLINE → deadline, E_REDIS_COMMAND → command, whatever the message says', () => {
    expect(classifyRedisError(new DeadlineError(300))).toEqual({ reason: 'deadline', message: 'poll exceeded its 300ms deadline' });
    expect(classifyRedisError(new VitalsError('E_REDIS_COMMAND', 'big-key scan failing: ECONNREFUSED')).reason).toBe('command');
    // Without the code, the same text would read as a refused connection.
    expect(classifyRedisError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).reason).toBe('connection_refused');
  });
});
