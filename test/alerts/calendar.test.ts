import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, renderCalendar } from '../../shared/alerts/calendar.js';

describe('the calendar text (RFC 5545)', () => {
  it('escapes text and folds long lines without splitting a UTF-8 character; a parser reads back what was written', () => {
    const description = 'Order 111-1; sku "A,B" \\ backslash\nsecond line — 订单延误，买家现在可以提出“未收到”索赔。'.repeat(3);
    const text = renderCalendar([{ uid: 'x-1@atoz-guard', summary: '申诉最后一天: 111-0000009-0000009, 订单', description, when: { day: '2024-03-31' } }], { name: 'A-to-z; deadlines', stamp: '2024-03-15T19:00:00.000Z' });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/\uFFFD/);
    }
    expect(lines.some((line) => line.startsWith(' '))).toBe(true); // folded
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(event.description).toBe(description);
    expect(event.summary).toBe('申诉最后一天: 111-0000009-0000009, 订单');
    expect(event.startDate.toString()).toBe('2024-03-31');
    expect(event.endDate.toString()).toBe('2024-04-01');
  });

  it('folds at 75 octets, continuation lines holding 74 after their space', () => {
    const folded = foldLine('a'.repeat(200)).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 52]) // 75 + 74 + 51 characters;
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    // A three-octet character at the limit goes to the next line whole.
    const cjk = foldLine(`${'a'.repeat(73)}订`).split('\r\n');
    expect(cjk).toEqual(['a'.repeat(73), ' 订']);
  });
});
