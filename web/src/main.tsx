import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import './i18n';
import { LocaleProvider } from './i18n/LocaleProvider';
import { createQueryClient, createRouter, wireUnauthenticated } from './App';

const queryClient = createQueryClient();
const router = createRouter();
wireUnauthenticated(queryClient, router);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider theme={{ token: { colorPrimary: '#1f6feb' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </LocaleProvider>
  </StrictMode>,
);
