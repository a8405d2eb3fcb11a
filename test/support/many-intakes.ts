/**
 * More intakes than any list of choices holds (500), written straight into the database beside
 * a region's intake: copies of it, each `step` days further from its start (later with +1,
 * earlier with -1). Closed to expressions of interest when `closed`, else with the region
 * intake's window.
 */
import type { TestSystem } from './system';

const DAY = 24 * 60 * 60 * 1000;

export async function seedIntakesBeside(
  system: TestSystem,
  intakeId: string,
  options: { count: number; idPrefix: string; step: 1 | -1; closed?: boolean },
): Promise<void> {
  const prisma = system.db.prisma;
  const intake = await prisma.intake.findUniqueOrThrow({ where: { id: intakeId } });
  await prisma.intake.createMany({
    data: Array.from({ length: options.count }, (_, i) => {
      const startsOn = new Date(intake.startsOn.getTime() + options.step * (i + 1) * DAY);
      return {
        id: `${options.idPrefix}${String(i + 1).padStart(3, '0')}`,
        programmeId: intake.programmeId,
        startsOn,
        fundedPlaces: 7,
        eoiOpensAt: options.closed ? new Date(startsOn.getTime() - 200 * DAY) : intake.eoiOpensAt,
        eoiClosesAt: options.closed ? new Date(startsOn.getTime() - 100 * DAY) : intake.eoiClosesAt,
        priorityServiceTypes: [],
      };
    }),
  });
}
