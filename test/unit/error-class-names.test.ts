import { describe, expect, it } from 'vitest';
import { renamedErrorClasses } from '../../scripts/package/error-class-names.js';

describe('renamedErrorClasses: error classes the bundler renamed (keepNames is off)', () => {
  it('finds an error class renamed to avoid a clash, as a declaration or a class expression', () => {
    const script = [
      'var ErrorReply = class extends Error {};',
      'var ErrorReply2 = class extends Error {};',
      'class ConnectionTimeoutError3 extends Error {}',
      '    DeadlineError2 = class extends VitalsError {',
    ].join('\n');
    expect(renamedErrorClasses(script)).toEqual(['ConnectionTimeoutError3', 'DeadlineError2', 'ErrorReply2']);
  });

  it('leaves classes under their own names, other renamed classes and functions alone', () => {
    const script = [
      'var ErrorReply = class extends Error {};',
      'class DeadlineError extends VitalsError {}',
      'var RedisClient2 = class extends EventEmitter {};', // a client, not an error: nothing reads its name
      'function fail3() {}',
      'let readError2 = () => {};', // a function, not a class
      'var Http2Error = class extends Error {};', // a digit inside the name is its own
    ].join('\n');
    expect(renamedErrorClasses(script)).toEqual([]);
  });
});
