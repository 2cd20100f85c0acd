// The state of a registration or a payroll, coloured the same way on every screen.
import { Badge } from '@mantine/core';
import { enumLabel } from '../../lib/labels';
import type { Payroll, Registration } from '../../api/allowances';

const REGISTRATION_COLOR: Record<string, string> = {
  documents_received: 'blue',
  recorded: 'blue',
  verified: 'indigo',
  approved: 'grape',
  rejected: 'red',
  active: 'teal',
  suspended: 'orange',
  ended: 'gray',
};

const PAYROLL_COLOR: Record<string, string> = { draft: 'gray', checked: 'blue', approved: 'grape', exported: 'indigo', paid: 'teal', partly_failed: 'orange' };

export function RegistrationStateBadge({ registration, size = 'md' }: { registration: Pick<Registration, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={REGISTRATION_COLOR[registration.state] ?? 'blue'} size={size} data-testid="registration-state">
      {enumLabel('RegistrationState', registration.state, registration.state_label_th)}
    </Badge>
  );
}

export function PayrollStateBadge({ payroll, size = 'md' }: { payroll: Pick<Payroll, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={PAYROLL_COLOR[payroll.state] ?? 'blue'} size={size} data-testid="payroll-state">
      {enumLabel('PayrollState', payroll.state, payroll.state_label_th)}
    </Badge>
  );
}
