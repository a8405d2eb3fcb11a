import { fieldName, invalidDetail } from '../../domain/field-errors';

describe('a field error named as people and the contract write it', () => {
  it.each([
    ['body.rows.1.wte', 'rows[1].wte'],
    ['body.rows.0', 'rows[0]'],
    ['body.criteria.12.code', 'criteria[12].code'],
    ['query.status', 'status'],
    ['params.id', 'id'],
    ['body', 'body'],
    ['payloads.0', 'payloads[0]'],
    ['body.universityIds.1', 'universityIds[1]'],
  ])('%s is %s', (path, name) => {
    expect(fieldName(path)).toBe(name);
  });

  it('joins every error into the detail, each with its message', () => {
    expect(
      invalidDetail('body', [
        { path: 'body.rows.1.wte', message: 'must be at least 0' },
        { path: 'body.rows.2.note', message: 'unknown field' },
      ]),
    ).toBe('Invalid body: rows[1].wte must be at least 0; rows[2].note unknown field');
  });
});
