/**
 * The example criteria set a hub starts with when a practice applies before the hub has written
 * its own. Modelled on the headings the Advanced Training Practice scheme publishes for
 * recruiting spoke practices (quality markers, integrated learning ethos, placement provision),
 * in our own words. It is an editable example: a hub lead or admin replaces it by posting a new
 * version to /api/criteria-sets; applications already started keep the version they began with.
 */
import type { Criterion } from './reference-data';

export const EXAMPLE_CRITERIA_SET_NAME = 'Example spoke criteria (editable): Advanced Training Practice quality markers';

export const EXAMPLE_CRITERIA: readonly Criterion[] = [
  {
    code: 'QM-ADMIN',
    title: 'A named practice-based administrator responsible for the learners’ timetable',
    guidance:
      'Name the administrator and describe how they build and keep each learner’s placement timetable, who covers for them, and how learners reach them.',
  },
  {
    code: 'QM-EDUCATOR',
    title: 'A named practice-based educationalist who offers regular teaching and owns the learning programme',
    guidance:
      'Name the educationalist, their profession and educator preparation, how often they teach learners, and how they plan and review each learner’s programme.',
  },
  {
    code: 'IPL',
    title: 'Inter-professional learning opportunities',
    guidance:
      'Describe how learners of different professions and stages learn together and from the wider practice team (nurses, pharmacists, allied health professionals, GPs, administrators).',
  },
  {
    code: 'ENVIRONMENT',
    title: 'Learning environment and supervision capacity',
    guidance:
      'Rooms, equipment and IT access available to learners; how many learners can be supervised at once, by whom, and how supervision continues when staff are absent.',
  },
  {
    code: 'INDUCTION',
    title: 'Induction for learners',
    guidance:
      'The induction each learner receives on arrival: the team, policies (safeguarding, information governance, lone working), systems access and who to ask for help.',
  },
  {
    code: 'TIMETABLE',
    title: 'Placement timetables that enable integrated learning',
    guidance:
      'A sample internal placement timetable, and how it links to regional placement timetables and to neighbouring practices and community services.',
  },
  {
    code: 'PPI',
    title: 'Patient and public involvement in education',
    guidance: 'How patients and the public take part in learners’ education, and how their feedback on learners is gathered and used.',
  },
  {
    code: 'QUALITY',
    title: 'Working with academic partners on placement quality',
    guidance:
      'How the practice works with universities and medical schools to monitor placement quality: learner feedback, placement audits and how concerns are raised and resolved.',
  },
  {
    code: 'ETHOS',
    title: 'Education, training and development as part of everyday work',
    guidance:
      'How the practice shows an integrated learning ethos: protected time for teaching, staff development, and understanding how primary care works as a learning objective for every placement.',
  },
];

/** The example set for a hub: always created as that hub's version 1 (see activities/spoke-accreditation.ts). */
export function exampleCriteriaSet(hubId: string) {
  return {
    id: `crit_example_${hubId}`.slice(0, 64),
    hubId,
    name: EXAMPLE_CRITERIA_SET_NAME,
    criteria: EXAMPLE_CRITERIA.map((c) => ({ ...c })),
    isExample: true,
  };
}
