import { z } from 'zod';
import { fieldId, formErrors, formErrorsFromProblem, formErrorsFromZod } from '../../web/forms';

describe('the error summary for forms: each message links to its field', () => {
  const Form = z.strictObject({
    email: z.email('Enter an email address in the correct format'),
    contact: z.strictObject({ name: z.string().min(1, 'Enter the contact’s name') }),
    places: z.coerce.number().int().min(1, 'Enter at least 1 place'),
  });

  it('builds the summary and the per-field messages from a zod error, in the order of the form', () => {
    const result = Form.safeParse({ email: 'nope', contact: { name: '' }, places: '0', extra: 'x' });
    expect(result.success).toBe(false);
    const errors = formErrorsFromZod(result.error!);
    expect(errors.summary).toEqual({
      titleText: 'There is a problem',
      errorList: [
        { text: 'Enter an email address in the correct format', href: '#email' },
        { text: 'Enter the contact’s name', href: '#contact-name' },
        { text: 'Enter at least 1 place', href: '#places' },
        { text: 'This field is not part of the form', href: '#extra' },
      ],
    });
    expect(errors.fields['contact.name']).toEqual({ text: 'Enter the contact’s name' });
  });

  it('takes a problem’s field errors (a service refused the action), showing one message per field', () => {
    const errors = formErrors([
      { path: 'body.places', message: 'more than the intake has left' },
      { path: 'body.places', message: 'second message' },
      { path: 'body.items.0.statement', message: 'too long' },
    ]);
    expect(errors.summary.errorList).toEqual([
      { text: 'More than the intake has left', href: '#places' },
      { text: 'Too long', href: '#items-0-statement' },
    ]);
  });

  it('shows a refusal in the API’s words: a state refusal at the top, linked to the form’s first field', () => {
    const errors = formErrorsFromProblem(
      { status: 409, message: 'The review action is not possible while the EOI is FUNDED' },
      { firstField: 'decision' },
    );
    expect(errors.summary.errorList).toEqual([{ text: 'The review action is not possible while the EOI is FUNDED', href: '#decision' }]);
  });

  it('puts a refusal naming a field beside it, in the words of the API’s field error', () => {
    const places = formErrorsFromProblem(
      { status: 400, message: 'places must not exceed the 3 requested', errors: [{ path: 'body.places', message: 'at most 3' }] },
      { firstField: 'decision' },
    );
    expect(places.fields).toEqual({ places: { text: 'At most 3' } });
    const university = formErrorsFromProblem(
      {
        status: 400,
        message: 'body.universityId: Leeds does not run this intake’s programme',
        errors: [{ path: 'body.universityId', message: 'Leeds does not run this intake’s programme' }],
      },
      { firstField: 'intakeId' },
    );
    expect(university.summary.errorList).toEqual([{ text: 'Leeds does not run this intake’s programme', href: '#universityId' }]);
  });

  it('makes ids that are safe in a URL fragment', () => {
    expect(fieldId('contact.name')).toBe('contact-name');
    expect(fieldId('a"><script>')).toBe('a-script-');
  });
});
