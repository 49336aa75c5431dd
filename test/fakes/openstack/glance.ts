import type { FakeOpenStack } from './index.ts';
import type { Reply } from './types.ts';

// Glance v2 images; its errors are plain text.

export function image(fake: FakeOpenStack, method: string, path: string, query: URLSearchParams): Reply {
  let m: RegExpExecArray | null;
  if (method === 'GET' && path === '/v2/images') {
    let list = fake.images.filter((i) => (!query.get('name') || i.name === query.get('name')) && (!query.get('status') || i.status === query.get('status')));
    const sort = query.get('sort');
    if (sort === 'created_at:desc') list = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    else if (sort) return { status: 400, text: `400 Bad Request\n\nInvalid sort key: ${sort}` };
    const limit = Number(query.get('limit') ?? 25);
    return { status: 200, json: { images: list.slice(0, limit), first: '/v2/images', schema: '/v2/schemas/images' } };
  }
  if (method === 'GET' && (m = /^\/v2\/images\/([^/]+)$/.exec(path))) {
    const image = fake.images.find((i) => i.id === decodeURIComponent(m![1]));
    return image ? { status: 200, json: image } : { status: 404, text: `404 Not Found\n\nNo image found with ID ${decodeURIComponent(m[1])}\n\n ` };
  }
  return { status: 404, text: '404 Not Found\n\nThe resource could not be found.\n\n ' };
}
