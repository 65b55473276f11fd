/** Uploads one material with XMLHttpRequest, for its upload progress events; fetch has none. */
import type { ErrorBody } from '$lib/protocol/errors.js';
import type { MaterialInfo } from '$lib/protocol/outputs.js';

export type UploadFailure = { ok: false; failure: 'too-large' | 'event-full' | 'wrong-type' | 'interrupted' | 'other'; message: string };
export type UploadResult = { ok: true; material: MaterialInfo } | UploadFailure;

/** The extensions the server may accept (it decides by content: server/outputs/materials/types.ts). */
export const EXTENSIONS = ['pdf', 'pptx', 'docx', 'xlsx', 'odt', 'odp', 'png', 'jpg', 'jpeg'] as const;
export const ACCEPT = EXTENSIONS.map((e) => `.${e}`).join(',');

/** Refuses at once what the server would refuse by its size or name, before a byte is sent. */
export function precheck(file: { name: string; size: number }, maxBytes: number): UploadFailure | null {
  if (file.size > maxBytes) return { ok: false, failure: 'too-large', message: 'too large' };
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!(EXTENSIONS as readonly string[]).includes(ext)) return { ok: false, failure: 'wrong-type', message: 'type' };
  return null;
}

export function uploadMaterial(url: string, file: File, onprogress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onprogress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) return resolve({ ok: true, material: body as MaterialInfo });
      const err = (body ?? {}) as Partial<ErrorBody>;
      const message = err.message ?? `${xhr.status}`;
      if (xhr.status === 413) return resolve({ ok: false, failure: /in all/.test(message) ? 'event-full' : 'too-large', message });
      if (xhr.status === 415) return resolve({ ok: false, failure: 'wrong-type', message });
      resolve({ ok: false, failure: 'other', message });
    };
    xhr.onerror = () => resolve({ ok: false, failure: 'interrupted', message: 'network error' });
    xhr.onabort = () => resolve({ ok: false, failure: 'interrupted', message: 'aborted' });
    xhr.send(file);
  });
}
