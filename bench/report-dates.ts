/**
 * Renders instants the way Amazon's flat files do: `2024-02-18T05:05:21+00:00`
 * (an explicit offset, no milliseconds) or a bare `YYYY-MM-DD`.
 * Hand-rolled because it runs millions of times and Intl formatting is far slower.
 */
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function localDay(local: Date): string {
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS±HH:MM` of `ms`, shown in a fixed offset from UTC. */
export function formatDateTime(ms: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * MS_PER_MINUTE);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${localDay(local)}T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** `YYYY-MM-DD`: the calendar day of `ms` at a fixed offset from UTC. */
export function formatDate(ms: number, offsetMinutes: number): string {
  return localDay(new Date(ms + offsetMinutes * MS_PER_MINUTE));
}
