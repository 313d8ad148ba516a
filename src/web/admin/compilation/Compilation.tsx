import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function Compilation() {
  return <PageTitle title="Compilation" />;
}
