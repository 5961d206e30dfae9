/**
 * The contract's profile routes on `/api/user/me` (read, change, delete) and `/api/user/avatar`
 * (an uploaded image becomes a URL under `avatarBaseUrl`).
 */
import { authed } from './contract-auth-routes';
import { profilePatch } from './contract-input';
import { nextSequence, removeUser, updateUser, type ContractStore } from './contract-store';
import { errorResponse, json, type FakeServer } from './fake-server';

const IMAGE_PATH = /\.(jpe?g|png|webp|gif)$/i;

export function userRoutes(server: FakeServer, store: ContractStore, avatarBaseUrl: string): void {
  server
    .route(
      'GET',
      '/api/user/me',
      authed(store, (user) => json(200, user)),
    )
    .route(
      'PATCH',
      '/api/user/me',
      authed(store, (user, request) => {
        const patch = profilePatch(request.data);
        if (typeof patch === 'string') return errorResponse(400, 'INVALID_INPUT', patch);
        return json(200, updateUser(store, user, patch));
      }),
    )
    .route(
      'POST',
      '/api/user/avatar',
      authed(store, (user, request) => {
        if (request.api !== 'uploadFile' || request.fileField !== 'file' || !request.filePath) {
          return errorResponse(400, 'INVALID_INPUT', 'multipart field `file` is required');
        }
        if (!IMAGE_PATH.test(request.filePath)) return errorResponse(415, 'UNSUPPORTED_MEDIA', 'not an accepted image');
        return json(200, { avatarUrl: `${avatarBaseUrl}/${user.id}-${nextSequence(store)}.png` });
      }),
    )
    .route(
      'DELETE',
      '/api/user/me',
      authed(store, (user) => {
        removeUser(store, user);
        return json(204);
      }),
    );
}
