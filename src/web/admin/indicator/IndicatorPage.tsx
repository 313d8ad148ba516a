import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function IndicatorPage() {
  return <PageTitle title="IndicatorPage" />;
}
