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

/**
 * Thread-pool file requests created while `read` starts (its synchronous part and the microtasks
 * after it), with its still-running result. Counted at creation, so a request another test file
 * left in flight (the unit run shares one module graph per worker) cannot move the count.
 */
export async function fsRequestsStartedBy<T>(read: () => Promise<T>): Promise<{ made: number; result: Promise<T> }> {
  const { made, value } = await fsRequestsDuring(async () => {
    const result = read();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return { result };
  });
  return { made, result: value.result };
}
