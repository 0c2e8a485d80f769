/** Quality: the clinical QC report, and the re-identification risk of what was released. */
import { Page } from '../components/Page.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { QcSection } from '../quality/QcSection.tsx';
import { ReleasedRisk } from '../quality/ReleasedRisk.tsx';

export function QualityPage() {
  return (
    <Page title="Quality" intro="How clean the clinical data are, and how identifiable the released datasets are.">
      <RequireRole stewards>
        <QcSection />
        <ReleasedRisk />
      </RequireRole>
    </Page>
  );
}
