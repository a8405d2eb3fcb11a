/** A renamed practice or hub reaching an application that holds its name (domain/spoke-accreditation/reference-names.ts). */
import { applyReferenceRename, spokeDeadlines, spokeView } from '../../domain/spoke-accreditation';
import { openApplication, settings } from './fixtures/spoke';

const T0 = new Date('2027-01-04T09:00:00Z');

const open = () => openApplication(T0);

describe('a renamed practice or hub', () => {
  it('takes the new name of its own practice and hub, in the view and the deadlines', () => {
    const s = open();
    expect(applyReferenceRename(s, { target: 'practice', id: 'p1', name: 'Farnworth Health Centre' })).toBe(true);
    expect(applyReferenceRename(s, { target: 'hub', id: 'h1', name: 'Bolton and Wigan Hub' })).toBe(true);
    expect(spokeView(s, settings)).toMatchObject({ practiceName: 'Farnworth Health Centre', hubName: 'Bolton and Wigan Hub' });
    expect(spokeDeadlines(s, settings).map((d) => d.owner)).toEqual(['Farnworth Health Centre']);
  });

  it('changes nothing for another practice or hub, the same name again, or a practice id given as a hub', () => {
    const s = open();
    const before = structuredClone(s);
    for (const renamed of [
      { target: 'practice', id: 'p2', name: 'Elsewhere Surgery' },
      { target: 'hub', id: 'h2', name: 'Elsewhere Hub' },
      { target: 'practice', id: 'p1', name: 'Farnworth Surgery' },
      { target: 'hub', id: 'p1', name: 'Not a hub' },
    ] as const) {
      expect(applyReferenceRename(s, renamed)).toBe(false);
    }
    expect(s).toEqual(before);
  });
});
