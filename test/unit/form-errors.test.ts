import { z } from 'zod';
import { fieldId, formErrors, formErrorsFromZod } from '../../web/forms';

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

  it('makes ids that are safe in a URL fragment', () => {
    expect(fieldId('contact.name')).toBe('contact-name');
    expect(fieldId('a"><script>')).toBe('a-script-');
  });
});
