import { toProblem } from '../../api/http/errors';

/** The error Temporal's client throws when the server refuses an update while the workflow task keeps failing. */
function workflowNotReady(message: string) {
  return Object.assign(new Error(message), { code: 9 });
}

describe('an update refused because the workflow task is failing', () => {
  it('answers 503 retry shortly, not 500', () => {
    const problem = toProblem(workflowNotReady('Unable to perform workflow execution update due to Workflow Task in failed state.'));
    expect(problem.status).toBe(503);
    expect(problem.message).toMatch(/retry shortly/);
  });

  it('finds it under the cause Temporal wraps it in', () => {
    const wrapped = Object.assign(new Error('Update-with-Start could not be executed'), {
      cause: workflowNotReady('Unable to perform workflow execution update due to Workflow Task in failed state.'),
    });
    expect(toProblem(wrapped).status).toBe(503);
  });

  it('leaves any other failed precondition a 500', () => {
    expect(toProblem(workflowNotReady('something else entirely')).status).toBe(500);
  });
});
