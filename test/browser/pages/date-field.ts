import { londonDateOf } from '../../../domain/london-calendar';

/** An instant's London date as the three boxes of an NHS date input (day, month, year). */
export function dateFieldParts(at: Date): { day: string; month: string; year: string } {
  const [year, month, day] = londonDateOf(at).split('-').map(Number);
  return { day: String(day), month: String(month), year: String(year) };
}
