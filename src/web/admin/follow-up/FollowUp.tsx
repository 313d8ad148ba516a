import { PageTitle } from '../../ui/components.tsx';

/** Placeholder: this page is being built. */
export function FollowUp() {
  return <PageTitle title="FollowUp" />;
}
