/**
 * Hands the event loop one turn (a macrotask), so signal handlers (Node) or `postMessage`s (a
 * browser worker: pause, reset) run between training steps. Node has `setImmediate`; browsers and
 * workers do not, and a `setTimeout(0)` there is clamped to 4 ms once nested, so they post a
 * message to themselves through a `MessageChannel`, which is not clamped.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
