import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Sarabun ships inside the bundle (no font CDN: offices may be on closed networks, and the PDPA
// frowns on telling a third party who opens which page). Only the weights we use.
import '@fontsource/sarabun/400.css';
import '@fontsource/sarabun/500.css';
import '@fontsource/sarabun/600.css';
import '@fontsource/sarabun/700.css';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import './i18n';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
