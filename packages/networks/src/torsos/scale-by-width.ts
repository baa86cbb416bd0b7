/** ceil(base·width), ignoring float noise such as 0.7·10 = 7.000000000000001. */
export function scaleByWidth(base: number, width: number): number {
  return Math.max(1, Math.ceil(base * width - 1e-9));
}
