import { yieldToEventLoop } from './yield-to-event-loop';

describe(yieldToEventLoop.name, () => {
  it('should let a macrotask queued before it run first (setImmediate in Node)', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('queued'));
    await yieldToEventLoop();
    order.push('after');
    expect(order).toEqual(['queued', 'after']);
  });

  it('should use a MessageChannel message where setImmediate is missing (browsers, workers)', async () => {
    const saved = globalThis.setImmediate;
    const posted = jest.spyOn(MessagePort.prototype, 'postMessage');
    try {
      (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      await yieldToEventLoop();
      expect(posted).toHaveBeenCalledTimes(1);
    } finally {
      globalThis.setImmediate = saved;
      posted.mockRestore();
    }
  });
});
