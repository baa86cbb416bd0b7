/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A number with `digits` significant decimals, or an em dash when absent or not finite. */
export function formatNumber(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return value.toFixed(digits);
}

/** `12,345,678` style integers. */
export function formatInteger(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

/** `1h 02m 03s` from seconds. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m ${String(rest).padStart(2, '0')}s` : m > 0 ? `${m}m ${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

/** An HTML table; cells are already-escaped HTML. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly string[])[], className = 'data'): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<table class="${className}">${head}${body}</table>`;
}

/** The report's stylesheet: inline, no web fonts, prints cleanly. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 Helvetica, Arial, sans-serif; color: #1b1b1b; background: #f6f7f9; }
header { background: #1f2937; color: #f9fafb; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 2px 0; color: #d1d5db; }
main { max-width: 1440px; margin: 0 auto; padding: 16px 32px 48px; }
section { background: white; border: 1px solid #e5e7eb; border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
section h2 { margin: 0 0 4px; font-size: 18px; font-weight: 600; }
section > p.note { margin: 0 0 12px; color: #4b5563; }
figure.plot { margin: 8px 0 0; overflow-x: auto; }
figure.plot svg { display: block; max-width: none; }
figure.plot figcaption { color: #4b5563; font-size: 13px; margin-top: 6px; }
table.data { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
table.data th, table.data td { border-bottom: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; vertical-align: top; }
table.data th { background: #f3f4f6; font-weight: 600; }
table.data td.num { text-align: right; white-space: nowrap; }
.table-scroll { overflow-x: auto; }
table.runs { font-size: 12px; }
table.runs td { white-space: nowrap; }
table.runs td details pre { white-space: pre; }
.ci { color: #6b7280; }
table.claims td { font-size: 13px; }
.verdict { white-space: nowrap; }
.verdict-holds { color: #166534; }
.verdict-refuted { color: #991b1b; }
.verdict-inconclusive { color: #92400e; }
.verdict-not-judged { color: #4b5563; }
details { margin: 2px 0; }
details pre { background: #f3f4f6; padding: 8px; border-radius: 4px; max-height: 320px; overflow: auto; font-size: 12px; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0; }
dl.summary dt { color: #4b5563; }
dl.summary dd { margin: 0; }
@media print { body { background: white; } section { break-inside: avoid; border: none; } }
`;
