import { formatDay, MS_PER_DAY, MS_PER_MINUTE } from './civil.js';
import { zoneOffsetMinutes } from './zone.js';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `YYYY-MM-DD HH:mm` on the wall clock of `zone`: what a spreadsheet reads as a date and time. */
export function formatWallClock(ms: number, zone: string): string {
  const local = ms + zoneOffsetMinutes(zone, ms) * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const minutes = Math.floor((local - day * MS_PER_DAY) / MS_PER_MINUTE);
  return `${formatDay(day)} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}
