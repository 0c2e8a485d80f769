/**
 * The pages and their URLs. URLs hold only what the API itself uses as keys (dataset ids, review item ids,
 * a version number), never anything taken from a study. Pages load on first visit, so the public catalogue
 * does not wait for the charting code the steward pages use.
 */
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { Shell } from './layout/Shell.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { BySite } from './node-access/BySite.tsx';

const CatalogueEntryPage = lazy(() => import('./pages/CatalogueEntryPage.tsx').then((m) => ({ default: m.CatalogueEntryPage })));
const CataloguePage = lazy(() => import('./pages/CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const DatasetPage = lazy(() => import('./pages/DatasetPage.tsx').then((m) => ({ default: m.DatasetPage })));
const DatasetsPage = lazy(() => import('./pages/DatasetsPage.tsx').then((m) => ({ default: m.DatasetsPage })));
const QualityPage = lazy(() => import('./pages/QualityPage.tsx').then((m) => ({ default: m.QualityPage })));
const ReviewItemPage = lazy(() => import('./pages/ReviewItemPage.tsx').then((m) => ({ default: m.ReviewItemPage })));
const ReviewQueuePage = lazy(() => import('./pages/ReviewQueuePage.tsx').then((m) => ({ default: m.ReviewQueuePage })));
// The hub's explorer carries samply Lens (about 700 kB): only its visitors load it.
const SearchPage = lazy(() => import('./hub/SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
const CartPage = lazy(() => import('./hub/CartPage.tsx').then((m) => ({ default: m.CartPage })));
// Onboarding at the hub; agreements and permits at a node. /permits is two pages (BySite): the hub's researcher
// permits page (packages/web/src/access) goes in its `hub` slot, the node's in `node`.
const OnboardingPage = lazy(() => import('./onboarding/OnboardingPage.tsx').then((m) => ({ default: m.OnboardingPage })));
const OnboardingDetailPage = lazy(() => import('./onboarding/OnboardingDetailPage.tsx').then((m) => ({ default: m.OnboardingDetailPage })));
const AgreementsPage = lazy(() => import('./node-access/AgreementsPage.tsx').then((m) => ({ default: m.AgreementsPage })));
const NodePermitsPage = lazy(() => import('./node-access/NodePermitsPage.tsx').then((m) => ({ default: m.NodePermitsPage })));
// Access requests and permits at the hub (packages/web/src/access).
const RequestsPage = lazy(() => import('./access/RequestsPage.tsx').then((m) => ({ default: m.RequestsPage })));
const RequestPage = lazy(() => import('./access/RequestPage.tsx').then((m) => ({ default: m.RequestPage })));
const PermitsPage = lazy(() => import('./access/PermitsPage.tsx').then((m) => ({ default: m.PermitsPage })));
// Jobs under permits at a node (packages/web/src/jobs).
const JobsPage = lazy(() => import('./jobs/JobsPage.tsx').then((m) => ({ default: m.JobsPage })));
const JobPage = lazy(() => import('./jobs/JobPage.tsx').then((m) => ({ default: m.JobPage })));
// Federated jobs at the hub (packages/web/src/hub-jobs).
const HubJobsPage = lazy(() => import('./hub-jobs/HubJobsPage.tsx').then((m) => ({ default: m.HubJobsPage })));
const HubJobPage = lazy(() => import('./hub-jobs/HubJobPage.tsx').then((m) => ({ default: m.HubJobPage })));

const loading = <Center py="xl"><Loader aria-label="Loading the page" /></Center>;
const page = (element: ReactNode) => <Suspense fallback={loading}>{element}</Suspense>;

export function App() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={page(<DashboardPage />)} />
        <Route path="review" element={page(<ReviewQueuePage />)} />
        <Route path="review/:id" element={page(<ReviewItemPage />)} />
        <Route path="quality" element={page(<QualityPage />)} />
        <Route path="datasets" element={page(<DatasetsPage />)} />
        <Route path="datasets/:id" element={page(<DatasetPage />)} />
        <Route path="catalogue" element={page(<CataloguePage />)} />
        <Route path="catalogue/:id" element={page(<CatalogueEntryPage />)} />
        <Route path="search" element={page(<SearchPage />)} />
        <Route path="cart" element={page(<CartPage />)} />
        <Route path="onboarding" element={page(<OnboardingPage />)} />
        <Route path="onboarding/:id" element={page(<OnboardingDetailPage />)} />
        <Route path="agreements" element={page(<AgreementsPage />)} />
        <Route path="requests" element={page(<RequestsPage />)} />
        <Route path="requests/:id" element={page(<RequestPage />)} />
        <Route path="permits" element={page(<BySite hub={<PermitsPage />} node={<NodePermitsPage />} />)} />
        <Route path="jobs" element={page(<JobsPage />)} />
        <Route path="jobs/:id" element={page(<JobPage />)} />
        <Route path="federated-jobs" element={page(<HubJobsPage />)} />
        <Route path="federated-jobs/:id" element={page(<HubJobPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
