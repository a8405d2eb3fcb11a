/**
 * The error-summary pattern for forms (NHS service manual): a summary at the top of the page
 * linking to each field in error, and the same message beside the field. Built from a zod error
 * (the schema refused the form) or from a problem's field errors (a service refused the action),
 * so pages show exactly what the API would say.
 */
import type { ZodError } from 'zod';
import type { FieldError } from '../api/http/problem';

export interface FormErrors {
  /** Parameters for nhsuk's errorSummary macro. */
  summary: { titleText: string; errorList: { text: string; href: string }[] };
  /** Per field path ("email", "contact.name"): the errorMessage parameter of its macro. */
  fields: Record<string, { text: string }>;
}

/** The id of a field's input: its path with dots as dashes ("contact.name" -> "contact-name"). */
export function fieldId(path: string): string {
  return path.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/**
 * Errors as people read them. `labels` names each field ("email" -> "Email address"), used when a
 * message would otherwise be a schema's wording; `messages` replaces a field's message outright.
 */
export function formErrors(errors: readonly FieldError[], options: { messages?: Record<string, string> } = {}): FormErrors {
  const fields: Record<string, { text: string }> = {};
  for (const error of errors) {
    const path = error.path.replace(/^body\./, '');
    if (fields[path]) continue; // the first message per field is the one shown
    fields[path] = { text: options.messages?.[path] ?? sentence(error.message) };
  }
  return {
    summary: {
      titleText: 'There is a problem',
      errorList: Object.entries(fields).map(([path, message]) => ({ text: message.text, href: `#${fieldId(path)}` })),
    },
    fields,
  };
}

export function formErrorsFromZod(error: ZodError, options: { messages?: Record<string, string> } = {}): FormErrors {
  const errors = error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [...issue.path.map(String), ...(key === undefined ? [] : [key])].join('.') || 'form',
      message: issue.code === 'unrecognized_keys' ? 'This field is not part of the form' : issue.message,
    }));
  });
  return formErrors(errors, options);
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return trimmed ? trimmed[0]!.toUpperCase() + trimmed.slice(1) : 'Check this answer';
}
