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

/**
 * `messages` may name a field ("comment") or a field and the kind of problem ("comment:too_big",
 * zod's issue codes), so "Enter a comment" is not said of a comment that is too long.
 */
export function formErrorsFromZod(error: ZodError, options: { messages?: Record<string, string> } = {}): FormErrors {
  const messages = options.messages ?? {};
  const errors = error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => {
      const path = [...issue.path.map(String), ...(key === undefined ? [] : [key])].join('.') || 'form';
      const message = issue.code === 'unrecognized_keys' ? 'This field is not part of the form' : issue.message;
      return { path, message: messages[`${path}:${issue.code}`] ?? messages[path] ?? message };
    });
  });
  return formErrors(errors);
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return trimmed ? trimmed[0]!.toUpperCase() + trimmed.slice(1) : 'Check this answer';
}

/**
 * A refusal from a service (the problem the API answers with) as the form's error summary, in
 * the API's own words: each of its field errors beside its field, or (none) its detail at the top,
 * linking to `firstField`.
 * `messages` (by field) puts a field's refusal in the page's words instead.
 */
export function formErrorsFromProblem(
  problem: { status: number; message: string; errors?: readonly FieldError[] },
  options: { firstField: string; messages?: Record<string, string> },
): FormErrors {
  const fieldErrors = (problem.errors ?? []).filter((e) => e.path.startsWith('body.'));
  const messages = options.messages ? { messages: options.messages } : {};
  if (fieldErrors.length) return formErrors(fieldErrors, messages);
  return formErrors([{ path: options.firstField, message: problem.message }]);
}

/** A page's refusal: the status to answer with (a 4xx), or undefined when it is not a refusal. */
export function refusalStatus(problem: { status: number }): number | undefined {
  return [400, 403, 409].includes(problem.status) ? problem.status : undefined;
}
