import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function ReportEntry() {
  return <PageTitle title="ReportEntry" />;
}
