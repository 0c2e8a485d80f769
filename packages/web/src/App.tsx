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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
