import type { Handle } from '@sveltejs/kit';
import { allowSameOriginFraming, FRAMEABLE_ROUTES } from '$lib/server/framing.js';

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (event.route.id !== null && FRAMEABLE_ROUTES.has(event.route.id)) allowSameOriginFraming(response.headers);
  return response;
};
