import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CommandGate, CommandGates } from '../../src/redis/command-gate.js';
import { createLogger } from '../../src/log.js';
import { isRefusedCommand, refusalText } from '../../src/redis/classify-error.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(c: Buffer, _e, done) {
      lines.push(...c.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: { logger: createLogger({ format: 'json', level: 'debug', secrets: [], destination }), target: 't' } };
}

describe('refused commands', () => {
  it('recognises unknown, renamed, ACL-denied and disabled commands only', () => {
    for (const m of [
      "ERR unknown command 'LATENCY', with args beginning with: 'LATEST' ",
      "ERR unknown subcommand 'latest'. Try LATENCY HELP.",
      "NOPERM this user has no permissions to run the 'latency|latest' command",
      'ERR DEBUG command not allowed. If the enable-debug-command option is set to "no", …',
    ])
      expect(isRefusedCommand(new Error(m)), m).toBe(true);
    for (const m of ['LOADING Redis is loading', 'ERR syntax error', 'Connection closed']) expect(isRefusedCommand(new Error(m)), m).toBe(false);
  });

  it('drops the echoed arguments, which may hold key names', () => {
    expect(refusalText(new Error("ERR unknown command 'MEMORY', with args beginning with: 'USAGE' 'secret:key' "))).toBe("ERR unknown command 'MEMORY'");
  });

  it('tries once per server, logs once, and tries again for a new run_id', async () => {
    const gate = new CommandGate('LATENCY LATEST', 'latency is off');
    const { lines, log } = capture();
    let calls = 0;
    const refuse = async () => {
      calls++;
      throw new Error("ERR unknown command 'LATENCY'");
    };
    for (let i = 0; i < 5; i++) expect(await gate.run('run-a', log, refuse)).toBeUndefined();
    expect(calls).toBe(1);
    expect(lines.filter((l) => l.includes('refuses LATENCY LATEST'))).toHaveLength(1);
    expect(await gate.run('run-b', log, async () => 'ok')).toBe('ok');
    expect(lines.some((l) => l.includes('works again'))).toBe(true);
  });

  it('lets other errors through, so the fetcher fails as usual', async () => {
    const gate = new CommandGate('SLOWLOG', 'off');
    const { log } = capture();
    await expect(
      gate.run('r', log, async () => {
        throw new Error('Socket closed unexpectedly');
      }),
    ).rejects.toThrow('Socket closed');
    expect(gate.refused('r')).toBe(false);
  });
});

describe('one gate shared by every target', () => {
  it('remembers a refusal per target source: logs once, skips that target only, retries for a new run_id', async () => {
    const gates = new CommandGates('LATENCY LATEST', 'latency is off');
    const { lines, log } = capture();
    const a = { ...log, source: {} };
    const b = { ...log, source: {} };
    let calls = 0;
    const refuse = async () => {
      calls++;
      throw new Error("ERR unknown command 'LATENCY'");
    };
    expect(await gates.run('r1', a, refuse)).toBeUndefined();
    expect(await gates.run('r1', a, refuse)).toBeUndefined();
    expect(calls).toBe(1);
    expect(lines.filter((l) => l.includes('refuses LATENCY LATEST'))).toHaveLength(1);
    // Another target with the same run_id is asked: its refusal is its own.
    expect(await gates.run('r1', b, async () => 'ok')).toBe('ok');
    expect(await gates.run('r2', a, async () => 'back')).toBe('back');
    expect(lines.filter((l) => l.includes('works again'))).toHaveLength(1);
    await expect(gates.run('r1', b, async () => Promise.reject(new Error('LOADING Redis is loading')))).rejects.toThrow('LOADING');
  });
});
