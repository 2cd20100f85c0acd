import { useState } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/problem';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './auth/RequireAuth';
import { SessionExpiryWatcher } from './auth/SessionExpiryWatcher';
import { SIGN_IN_PATH } from './auth/paths';
import { SignInPage } from './pages/SignInPage';
import { DashboardPage } from './pages/DashboardPage';
import { WaitingPage } from './pages/dashboard/waiting';
import { VillagesPage } from './pages/VillagesPage';
import { NewVillagePage } from './pages/NewVillagePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { CitizensPage } from './pages/citizens/CitizensPage';
import { CitizenNewPage } from './pages/citizens/CitizenNewPage';
import { CitizenPage } from './pages/citizens/CitizenPage';
import { CitizenEditPage } from './pages/citizens/CitizenEditPage';
import { HouseholdsPage } from './pages/households/HouseholdsPage';
import { HouseholdPage } from './pages/households/HouseholdPage';
import { GroupsPage } from './pages/groups/GroupsPage';
import { GroupNewPage } from './pages/groups/GroupNewPage';
import { GroupPage } from './pages/groups/GroupPage';
import { PlansPage } from './pages/plans/PlansPage';
import { PlanNewPage } from './pages/plans/PlanNewPage';
import { PlanPage } from './pages/plans/PlanPage';
import { AllowancesPage } from './pages/allowances/AllowancesPage';
import { RegistrationNewPage } from './pages/allowances/RegistrationNewPage';
import { RegistrationPage } from './pages/allowances/RegistrationPage';
import { PayrollPage } from './pages/allowances/PayrollPage';
import { ImportsPage } from './pages/imports/ImportsPage';
import { ImportNewPage } from './pages/imports/ImportNewPage';
import { ImportJobPage } from './pages/imports/ImportJobPage';
import { ProjectsPage } from './pages/projects/ProjectsPage';
import { ProjectNewPage } from './pages/projects/ProjectNewPage';
import { ProjectPage } from './pages/projects/ProjectPage';
import { RequestsPage } from './pages/disabilityCards/RequestsPage';
import { RequestNewPage } from './pages/disabilityCards/RequestNewPage';
import { RequestPage } from './pages/disabilityCards/RequestPage';
import { BatchSendPage } from './pages/disabilityCards/BatchSendPage';
import { cssVariablesResolver, theme } from './theme';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network errors and 5xx get two more tries.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

function Root() {
  return (
    <>
      <SessionExpiryWatcher />
      <Outlet />
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: SIGN_IN_PATH, element: <SignInPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <DashboardPage /> },
              { path: 'waiting', element: <WaitingPage /> },
              { path: 'villages', element: <VillagesPage /> },
              { path: 'villages/new', element: <NewVillagePage /> },
              { path: 'citizens', element: <CitizensPage /> },
              { path: 'citizens/new', element: <CitizenNewPage /> },
              { path: 'citizens/:id', element: <CitizenPage /> },
              { path: 'citizens/:id/edit', element: <CitizenEditPage /> },
              { path: 'households', element: <HouseholdsPage /> },
              { path: 'households/:id', element: <HouseholdPage /> },
              { path: 'groups', element: <GroupsPage /> },
              { path: 'groups/new', element: <GroupNewPage /> },
              { path: 'groups/:id', element: <GroupPage /> },
              { path: 'plans', element: <PlansPage /> },
              { path: 'plans/new', element: <PlanNewPage /> },
              { path: 'plans/:id', element: <PlanPage /> },
              { path: 'allowances', element: <AllowancesPage /> },
              { path: 'allowances/registrations/new', element: <RegistrationNewPage /> },
              { path: 'allowances/registrations/:id', element: <RegistrationPage /> },
              { path: 'allowances/payrolls/:id', element: <PayrollPage /> },
              { path: 'imports', element: <ImportsPage /> },
              { path: 'imports/new', element: <ImportNewPage /> },
              { path: 'imports/:id', element: <ImportJobPage /> },
              { path: 'projects', element: <ProjectsPage /> },
              { path: 'projects/new', element: <ProjectNewPage /> },
              { path: 'projects/:id', element: <ProjectPage /> },
              { path: 'disability-cards', element: <RequestsPage /> },
              { path: 'disability-cards/new', element: <RequestNewPage /> },
              { path: 'disability-cards/send', element: <BatchSendPage /> },
              { path: 'disability-cards/requests/:id', element: <RequestPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

/** Mantine's date components follow the language; weeks start on Sunday as on Thai calendars. */
function LocalisedDates({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  return <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'th', firstDayOfWeek: 0 }}>{children}</DatesProvider>;
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <LocalisedDates>
          {/* Below the header, so a confirmation never hides the user menu or the page's own buttons for long. */}
          <Notifications position="top-right" layout="stacked" containerWidth={380} />
          <RouterProvider router={router} />
        </LocalisedDates>
      </MantineProvider>
    </QueryClientProvider>
  );
}
