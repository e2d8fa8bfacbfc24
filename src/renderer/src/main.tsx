import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './api/client';
import { preferredLanguage, setUpI18n } from './i18n';
import './styles.css';

await setUpI18n(preferredLanguage(navigator.languages));
const client = createClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
