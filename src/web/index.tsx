/** The web pages, mounted by the API app with `app.route('/', web)`. */
import { Hono } from 'hono';

export const web = new Hono();
web.get('/', (c) => c.html('<!doctype html><title>要点</title><p>yaodian</p>'));
