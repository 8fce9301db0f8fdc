/* global XMLHttpRequest, FormData */
import { ApiError, headers, session } from './api.js';

/**
 * A multipart upload with progress (issue 16): fetch() reports no upload progress, XMLHttpRequest does. Calls
 * `onProgress({ phase: 'upload', loaded, total })` while the file is sent and `{ phase: 'server' }` once it is all
 * sent and the server is reading rows; resolves with the JSON answer or rejects with an ApiError (problem+json read
 * as the other calls read it). `abort()` cancels: an `ApiError` with `cancelled: true`.
 */
export function upload(path, file, { field = 'file', onProgress = () => {} } = {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => onProgress({ phase: 'server' });
    xhr.onerror = () => reject(new ApiError(0, { title: 'network error' }));
    xhr.onabort = () => {
      const err = new ApiError(0, { title: 'cancelled' });
      err.cancelled = true;
      reject(err);
    };
    xhr.onload = () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null; // not JSON: the status alone is read
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const err = new ApiError(xhr.status, body);
      if (xhr.status === 401 && session.kind() === 'staff') err.expiredStaff = true;
      reject(err);
    };
    const form = new FormData();
    form.append(field, file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
