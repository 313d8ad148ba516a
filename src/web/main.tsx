import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { LocaleProvider } from './i18n.tsx';
import './ui/styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A user's mistake (4xx) is shown at once, not retried; a network hiccup is retried once.
    queries: { retry: (count, error) => count < 1 && !(error instanceof Error && 'status' in error && Number(error.status) < 500), staleTime: 30_000, refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
