/**
 * An intake's capacity as the reports show it: the intake workflow's own figures (funded,
 * allocated, remaining, waitlist), the confirmed places from the EOIs, and how many London
 * calendar days are left to the confirmation deadline and to the start. Pure: `now` is passed in.
 */
import { LocalDate, ChronoUnit } from '@js-joda/core';
import { londonDateOf } from '../london-calendar';
import { confirmationDueAt } from '../reference-data';

export interface IntakeCapacityFigures {
  intakeId: string;
  programmeId: string;
  programmeName: string;
  startsOn: string;
  confirmationDueAt: string;
  fundedPlaces: number;
  allocated: number;
  confirmed: number;
  remaining: number;
  waitlistLength: number;
  /** London calendar days from today to the confirmation deadline's day; negative once it has passed. */
  daysToConfirmationDeadline: number;
  /** London calendar days from today to the first day of the programme; negative once it has started. */
  daysToStart: number;
}

/** Calendar days from the London date `now` falls on to `date` (YYYY-MM-DD). */
export function londonDaysUntil(now: Date, date: string): number {
  return LocalDate.parse(londonDateOf(now)).until(LocalDate.parse(date), ChronoUnit.DAYS);
}

export function intakeCapacityFigures(
  intake: { id: string; programmeId: string; programmeName: string; startsOn: string },
  capacity: { fundedPlaces: number; allocated: number; remaining: number; waitlistLength: number },
  confirmed: number,
  now: Date,
): IntakeCapacityFigures {
  const dueAt = confirmationDueAt(intake.startsOn);
  return {
    intakeId: intake.id,
    programmeId: intake.programmeId,
    programmeName: intake.programmeName,
    startsOn: intake.startsOn,
    confirmationDueAt: dueAt,
    fundedPlaces: capacity.fundedPlaces,
    allocated: capacity.allocated,
    confirmed,
    remaining: capacity.remaining,
    waitlistLength: capacity.waitlistLength,
    daysToConfirmationDeadline: londonDaysUntil(now, londonDateOf(dueAt)),
    daysToStart: londonDaysUntil(now, intake.startsOn),
  };
}
