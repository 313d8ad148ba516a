import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function DocumentEditor() {
  return <PageTitle title="DocumentEditor" />;
}
