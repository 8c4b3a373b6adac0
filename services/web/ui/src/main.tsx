import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserClient } from './api/session';
import { App } from './app';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App client={createBrowserClient()} />
  </StrictMode>,
);
