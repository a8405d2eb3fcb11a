import { findNulText } from '../../domain/unstorable-text';

describe('text the database cannot hold', () => {
  it('names the first string holding a NUL, however deep, and nothing in clean input', () => {
    expect(findNulText({ name: 'Bolton', areas: ['Bolton', 'Wigan'], places: 2, note: null }, 'body')).toBeUndefined();
    expect(findNulText('a\u0000b', 'query.subjectId')).toBe('query.subjectId');
    expect(findNulText({ contact: { name: 'Sam', email: 'x\u0000@y' } }, 'body')).toBe('body.contact.email');
    expect(findNulText({ rows: [{ wte: 1 }, { note: 'ok' }, { note: '\u0000' }] }, 'body')).toBe('body.rows.2.note');
    expect(findNulText({ ['bad\u0000key']: 'fine' }, 'body')).toBe('body.bad\\u0000key');
    expect(findNulText(['\u0000'], 'body')).toBe('body.0');
  });

  it('takes other control characters and any other text: only NUL is unstorable', () => {
    expect(findNulText({ comment: 'line one\nline two\ttab \u0001 \u007f é 漢字 😀' }, 'body')).toBeUndefined();
    expect(findNulText(undefined, 'body')).toBeUndefined();
  });
});
