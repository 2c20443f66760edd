import { createHook } from 'node:async_hooks';

/**
 * `read()`, and how many thread-pool file-system requests (FSREQ* async resources) were created
 * while it ran: a read done on the event loop makes none, each pool round trip makes one.
 */
export async function fsRequestsDuring<T>(read: () => Promise<T>): Promise<{ made: number; value: T }> {
  let made = 0;
  const hook = createHook({
    init(_id, type) {
      if (type.startsWith('FSREQ')) made++;
    },
  }).enable();
  try {
    const value = await read();
    return { made, value };
  } finally {
    hook.disable();
  }
}
