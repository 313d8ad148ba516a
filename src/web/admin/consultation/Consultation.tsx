import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function Consultation() {
  return <PageTitle title="Consultation" />;
}
