import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Home } from './home.js';
import { Overview } from './overview.js';
import { Profiles } from './profiles.js';
import { href, parseRoute, type FleetPath, type View } from './route.js';
import { RunForm } from './run-form.js';
import { RunView } from './run-view.js';
import { Runs, Strategies } from './runs.js';

const TABS: Array<[View, string]> = [
  ['overview', 'Overview'],
  ['runs', 'Update runs'],
  ['strategies', 'Strategies'],
  ['profiles', 'Auto-upgrade profiles'],
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function FleetNav({ fleet, view }: { fleet: FleetPath; view: View }) {
  const current = view === 'run' || view === 'create' ? 'runs' : view;
  return (
    <nav class="tabs" aria-label="Fleet">
      {TABS.map(([tab, label]) => (
        <a key={tab} href={href(fleet, tab)} aria-current={tab === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

function App() {
  const route = parseRoute(useHash());
  useEffect(() => {
    // Keyboard and screen reader users land on the new view's heading, as after a page load.
    const heading = document.querySelector<HTMLElement>('main h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [route.kind === 'fleet' ? `${route.view}/${route.name ?? ''}` : 'home']);
  if (route.kind === 'home') {
    return (
      <main>
        <header>
          <h1>Multi-cluster update</h1>
        </header>
        <Home {...(route.subscriptionId ? { subscriptionId: route.subscriptionId } : {})} />
      </main>
    );
  }
  const { fleet, view, name = '', params } = route;
  const key = `${fleet.subscriptionId}/${fleet.resourceGroup}/${fleet.fleet}`;
  return (
    <main>
      <header>
        <p class="crumbs">
          <a href="#/">Fleets</a> › {fleet.resourceGroup}
        </p>
        <h1>
          {fleet.fleet} <span class="muted">Multi-cluster update</span>
        </h1>
        <FleetNav fleet={fleet} view={view} />
      </header>
      {view === 'overview' ? <Overview key={key} fleet={fleet} /> : null}
      {view === 'runs' ? <Runs key={key} fleet={fleet} /> : null}
      {view === 'run' ? <RunView key={`${key}/${name}`} fleet={fleet} name={name} /> : null}
      {view === 'create' ? <RunForm key={`${key}?${params.toString()}`} fleet={fleet} params={params} /> : null}
      {view === 'strategies' ? <Strategies key={key} fleet={fleet} /> : null}
      {view === 'profiles' ? <Profiles key={key} fleet={fleet} /> : null}
    </main>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
