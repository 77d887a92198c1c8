import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { errorMessage, mapUserErrors, requestErrorMessage, userErrorCodeMessage, userErrorMessage, withFieldLabels } from './errors';

describe('request error messages', () => {
  it('maps every GraphQL-level code to a sentence', () => {
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'BAD_USER_INPUT', 'UNAVAILABLE', 'INTERNAL']) {
      const m = requestErrorMessage(code);
      expect(m).toMatch(/^[A-Z].*\.$/);
      expect(m).not.toContain(code);
    }
    expect(requestErrorMessage('FORBIDDEN')).toBe('You do not have permission to do this.');
    expect(requestErrorMessage('RATE_LIMITED')).toMatch(/too many requests/i);
  });

  it('falls back for unknown codes and HTTP statuses', () => {
    expect(requestErrorMessage('SOMETHING_NEW')).toBe(requestErrorMessage('INTERNAL'));
    expect(requestErrorMessage(undefined)).toBe(requestErrorMessage('INTERNAL'));
    expect(requestErrorMessage('HTTP_502')).toBe('The server answered with HTTP 502.');
  });

  it('turns thrown errors into text', () => {
    expect(errorMessage(new ApiError('UNAUTHENTICATED', 'no session'))).toMatch(/sign in again/);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('x')).toBe(requestErrorMessage('INTERNAL'));
  });

  it('prefers the server message of a UserError, else the code text', () => {
    expect(userErrorMessage({ message: 'percentOff must be below 100', code: 'INVALID_INPUT' })).toBe(
      'percentOff must be below 100',
    );
    expect(userErrorMessage({ message: '', code: 'OUT_OF_STOCK' })).toBe('Out of stock.');
    expect(userErrorCodeMessage('INVALID_STATE')).toBe('Not allowed in the current status.');
    expect(userErrorCodeMessage('NEW_CODE')).toBe('Error: NEW_CODE');
  });
});

describe('mapUserErrors', () => {
  it('strips the leading "input" and keeps the rest of the path', () => {
    const m = mapUserErrors([
      { field: ['input', 'discount', 'percentOff'], message: 'too big', code: 'INVALID_INPUT' },
      { field: ['input', 'name'], message: 'required', code: 'INVALID_INPUT' },
    ]);
    expect(m.fields).toEqual([
      { name: ['discount', 'percentOff'], errors: ['too big'] },
      { name: ['name'], errors: ['required'] },
    ]);
    expect(m.general).toEqual([]);
  });

  it('puts errors without a field, or for fields the form lacks, in general', () => {
    const m = mapUserErrors(
      [
        { field: null, message: 'changed meanwhile', code: 'CONFLICT' },
        { field: ['input', 'secret'], message: 'bad', code: 'INVALID_INPUT' },
        { field: ['input', 'totalStock'], message: 'must be positive', code: 'INVALID_INPUT' },
      ],
      ['name', 'totalStock'],
    );
    expect(m.fields).toEqual([{ name: ['totalStock'], errors: ['must be positive'] }]);
    expect(m.general).toEqual(['changed meanwhile', 'secret: bad']);
  });

  it('groups several errors of one field and maps list items to the list', () => {
    const m = mapUserErrors(
      [
        { field: ['input', 'channels', '1'], message: 'unknown channel', code: 'INVALID_INPUT' },
        { field: ['input', 'channels'], message: 'duplicate', code: 'INVALID_INPUT' },
      ],
      ['channels'],
    );
    expect(m.fields).toEqual([{ name: ['channels'], errors: ['unknown channel', 'duplicate'] }]);
  });

  it('maps to the nearest known ancestor and applies aliases', () => {
    const m = mapUserErrors(
      [
        { field: ['input', 'validity', 'endsAt'], message: 'before start', code: 'INVALID_INPUT' },
        { field: ['input', 'claimEndsAt'], message: 'only later', code: 'INVALID_STATE' },
        { field: ['input', 'tagRule', 'anyOf', '0'], message: 'unknown tag', code: 'INVALID_INPUT' },
        { field: ['input', 'productScope', 'foo'], message: 'odd', code: 'INVALID_INPUT' },
      ],
      ['validity.range', 'claimWindow', 'tagRule.anyOf', 'productScope'],
      { 'validity.endsAt': 'validity.range', claimEndsAt: 'claimWindow' },
    );
    expect(m.fields).toEqual([
      { name: ['validity', 'range'], errors: ['before start'] },
      { name: ['claimWindow'], errors: ['only later'] },
      { name: ['tagRule', 'anyOf'], errors: ['unknown tag'] },
      { name: ['productScope'], errors: ['odd'] },
    ]);
  });

  it('accepts paths that do not start with input', () => {
    expect(mapUserErrors([{ field: ['quantity'], message: 'too low', code: 'INVALID_INPUT' }]).fields).toEqual([
      { name: ['quantity'], errors: ['too low'] },
    ]);
  });
});

describe('withFieldLabels', () => {
  it("names fields by the form's labels", () => {
    const labels = { percentOff: 'Percent off', claimStartsAt: 'Claim window start', claimEndsAt: 'Claim window end' };
    expect(withFieldLabels('percentOff must be greater than 0 and less than 100', labels)).toBe(
      'Percent off must be greater than 0 and less than 100',
    );
    expect(withFieldLabels('claimEndsAt must be after claimStartsAt', labels)).toBe('Claim window end must be after claim window start');
    expect(withFieldLabels('percentOffset is unknown', labels)).toBe('PercentOffset is unknown');
  });
  it('applies to mapped userErrors when labels are given', () => {
    const m = mapUserErrors(
      [{ field: ['input', 'discount', 'percentOff'], message: 'percentOff must be greater than 0', code: 'INVALID_INPUT' }],
      ['discount.percentOff'],
      {},
      { percentOff: 'Percent off' },
    );
    expect(m.fields).toEqual([{ name: ['discount', 'percentOff'], errors: ['Percent off must be greater than 0'] }]);
  });
});
