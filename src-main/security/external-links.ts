import { shell } from 'electron';
import { isAllowedExternalUrl } from './external-url-policy';

export function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}
