import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function ActionPlan() {
  return <PageTitle title="ActionPlan" />;
}
