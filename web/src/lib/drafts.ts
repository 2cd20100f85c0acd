// Unsaved form drafts, kept in sessionStorage so that a session that expires mid-form (or a reload)
// does not lose what an officer typed. Drafts belong to one user: after an expiry the same user
// gets them back; someone else signing in on the same tab does not see them, and signing out
// deletes them all.
const PREFIX = 'chumchon.draft.';
let owner: string | null = null;

export function setDraftOwner(userId: string | null): void {
  owner = userId;
}

function storageKey(formKey: string): string | null {
  return owner === null ? null : `${PREFIX}${owner}.${formKey}`;
}

export function loadDraft<T>(formKey: string): T | null {
  const key = storageKey(formKey);
  if (key === null) return null;
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function saveDraft(formKey: string, values: unknown): void {
  const key = storageKey(formKey);
  if (key === null) return;
  try {
    window.sessionStorage.setItem(key, JSON.stringify(values));
  } catch {
    // Storage full or disabled: the form still works, only the safety net is gone.
  }
}

export function clearDraft(formKey: string): void {
  const key = storageKey(formKey);
  if (key !== null) window.sessionStorage.removeItem(key);
}

export function clearAllDrafts(): void {
  const keys: string[] = [];
  for (let i = 0; i < window.sessionStorage.length; i += 1) {
    const key = window.sessionStorage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) window.sessionStorage.removeItem(key);
}
