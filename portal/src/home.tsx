import { useState } from 'preact/hooks';
import { listAll } from './arm.js';
import { href } from './route.js';
import type { Fleet } from './types.js';
import { ErrorBox, useLoad } from './ui.js';

/** The subscription `npm start`'s demo and the tests use; any other can be typed in. */
const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** Picks a fleet of a subscription. */
export function Home({ subscriptionId }: { subscriptionId?: string }) {
  const [subscription, setSubscription] = useState(subscriptionId ?? DEFAULT_SUBSCRIPTION);
  const { data: fleets, error } = useLoad(
    () => listAll<Fleet>(`/subscriptions/${subscription}/providers/Microsoft.ContainerService/fleets`),
    [subscription],
  );
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">Fleets</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('subscription');
          if (typeof value === 'string') setSubscription(value.trim());
        }}
      >
        <label>
          Subscription
          <input name="subscription" defaultValue={subscription} size={40} />
        </label>
        <button type="submit">Show fleets</button>
      </form>
      <ErrorBox error={error} />
      {fleets && fleets.length === 0 ? <p>No fleets in this subscription.</p> : null}
      <ul class="cards">
        {(fleets ?? []).map((f) => {
          const resourceGroup = f.id.split('/')[4] ?? '';
          return (
            <li key={f.id} class="card">
              <a href={href({ subscriptionId: subscription, resourceGroup, fleet: f.name }, 'overview')}>{f.name}</a>
              <span class="muted">
                {' '}
                {resourceGroup} · {f.location}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
