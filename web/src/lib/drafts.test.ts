import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { clearAllDrafts, loadDraft, saveDraft, setDraftOwner } from './drafts';
import { useDraftForm } from './useDraftForm';

describe('drafts', () => {
  it('belong to the signed-in user', () => {
    setDraftOwner('u1');
    saveDraft('form', { a: 1 });
    expect(loadDraft('form')).toEqual({ a: 1 });
    setDraftOwner('u2');
    expect(loadDraft('form')).toBeNull();
    setDraftOwner('u1');
    expect(loadDraft('form')).toEqual({ a: 1 });
  });

  it('are not kept without a user', () => {
    setDraftOwner(null);
    saveDraft('form', { a: 1 });
    expect(window.sessionStorage.length).toBe(0);
  });

  it('are all removed on sign-out', () => {
    setDraftOwner('u1');
    saveDraft('a', 1);
    saveDraft('b', 2);
    window.sessionStorage.setItem('chumchon.refresh', 'x');
    clearAllDrafts();
    expect(loadDraft('a')).toBeNull();
    expect(window.sessionStorage.getItem('chumchon.refresh')).toBe('x');
  });

  it('restore a form typed before the session expired', () => {
    setDraftOwner('u1');
    const first = renderHook(() => useDraftForm('note', { initialValues: { note: '', count: 0 } }));
    expect(first.result.current.restored).toBe(false);
    act(() => first.result.current.form.setFieldValue('note', 'ประชุมประชาคม'));
    first.unmount();

    const second = renderHook(() => useDraftForm('note', { initialValues: { note: '', count: 0 } }));
    expect(second.result.current.restored).toBe(true);
    expect(second.result.current.form.getValues()).toEqual({ note: 'ประชุมประชาคม', count: 0 });
    act(() => second.result.current.discardDraft());
    expect(loadDraft('note')).toBeNull();
  });
});
