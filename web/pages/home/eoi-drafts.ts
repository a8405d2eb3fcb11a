/**
 * "Not sent yet": the expressions of interest an organisation's submitter started and has not
 * sent, each continued where they left off (its answers are kept between pages: FormDraft).
 */
import { listUnsentEoiDrafts } from '../../../api/services/eoi-drafts';
import { intakeChoicesByIds } from '../../../api/services/reference-choices';
import { resumePath } from '../eois/start';
import type { HomeSection } from './section';

export const eoiDraftsSection: HomeSection = {
  id: 'not-sent-yet',
  roles: ['org_submitter'],
  view: 'partials/home/eoi-drafts.njk',
  async load({ user, deps }) {
    const drafts = await listUnsentEoiDrafts(deps, user.actor);
    if (!drafts.length) return undefined;
    const intakeIds = drafts.flatMap((draft) => (draft.answers.intakeId ? [draft.answers.intakeId] : []));
    const intakes = new Map((await intakeChoicesByIds(deps, user.actor, intakeIds)).map((intake) => [intake.id, intake]));
    return {
      drafts: drafts.map((draft) => {
        const intake = intakes.get(draft.answers.intakeId ?? '');
        return { programmeName: intake?.programmeName, startsOn: intake?.startsOn, savedAt: draft.updatedAt, href: resumePath(draft) };
      }),
    };
  },
};
