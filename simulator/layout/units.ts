/** rpx as the base library converts it: 750rpx is the screen width, floored, a hairline kept at 0.5px (iOS). */
const BASE_WIDTH = 750;
const EPS = 1e-4;

export function rpx(value: number, deviceWidth: number): number {
  if (value === 0) return 0;
  const px = Math.floor((value / BASE_WIDTH) * deviceWidth + EPS);
  return px === 0 ? 0.5 : px;
}

/** Converts the rpx lengths of an inline style attribute, as the base library does before it applies one. */
export function rpxToPx(style: string, deviceWidth: number): string {
  return style.replace(/(-?\d*\.?\d+)rpx/g, (_match, number: string) => `${rpx(Number(number), deviceWidth)}px`);
}
