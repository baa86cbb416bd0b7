/**
 * Renders a received value for an error message: short, unambiguous, never throwing.
 * Typed arrays and long arrays are summarised so a message stays one line.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value)) {
    const ctor = (value as object).constructor.name;
    const length = (value as unknown as { length?: number }).length ?? (value as ArrayBufferView).byteLength;
    return `${ctor}(${length})`;
  }
  if (Array.isArray(value)) {
    if (value.length > 8) return `[${value.slice(0, 8).map(describeValue).join(', ')}, ... (${value.length} items)]`;
    return `[${value.map(describeValue).join(', ')}]`;
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
