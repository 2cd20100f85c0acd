// Where a registration stands in the wizard's four steps, at a glance. The steps themselves are
// taken through the StepTracker below it (the same for every process); this is the signpost.
import { useTranslation } from 'react-i18next';
import { Stepper } from '@mantine/core';

const STEP_OF_STATE: Record<string, number> = {
  documents_received: 1,
  recorded: 2,
  verified: 3,
  rejected: 3,
  approved: 4,
  active: 4,
  suspended: 4,
  ended: 4,
};

const STEPS = ['documents', 'record', 'verify', 'approve'] as const;

/** `state` null: the registration is not made yet (its first step is being filled in). */
export function WizardSteps({ state }: { state: string | null }) {
  const { t } = useTranslation();
  const active = state === null ? 0 : (STEP_OF_STATE[state] ?? 0);
  const rejected = state === 'rejected';
  return (
    <nav aria-label={t('allowances.wizard.label')}>
      <Stepper active={active} size="sm" allowNextStepsSelect={false} wrap data-testid="wizard-steps">
        {STEPS.map((step, i) => (
          <Stepper.Step
            key={step}
            label={t(`allowances.wizard.${step}`)}
            description={rejected && i === 3 ? t('allowances.wizard.rejected') : t(`allowances.wizard.${step}Hint`)}
            color={rejected && i === 3 ? 'red' : undefined}
            aria-current={i === active ? 'step' : undefined}
          />
        ))}
      </Stepper>
    </nav>
  );
}
