import { describe, expect, it } from 'vitest';
import { checklistFor } from '../../api/disabilityCards';

describe('the papers offered for a disability card request', () => {
  it('asks a new card for the doctor’s certificate, identity, house registration and photos', () => {
    expect(checklistFor('new', null, false)).toEqual(['medical_certificate', 'id_card_copy', 'birth_certificate_copy', 'house_registration_copy', 'photo']);
  });

  it('asks for the old card only when it can be handed back', () => {
    expect(checklistFor('replacement', 'damaged', false)).toContain('old_card');
    expect(checklistFor('replacement', 'lost', false)).not.toContain('old_card');
    expect(checklistFor('replacement', 'lost', false)).toContain('loss_report');
    expect(checklistFor('renewal', null, false)).toContain('old_card');
  });

  it('adds the guardian’s three papers when someone acts for the person', () => {
    expect(checklistFor('change_of_details', null, true).slice(-3)).toEqual(['guardian_authority', 'guardian_id_card_copy', 'guardian_house_registration_copy']);
  });
});
