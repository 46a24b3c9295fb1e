// Opens a folder in the OS file manager (Electron glue for Settings → Reveal data folder, the gallery's Show in folder).
import { shell } from 'electron';

export async function revealInFileManager(path: string): Promise<void> {
  const error = await shell.openPath(path);
  if (error) throw new Error(`Could not open ${path}: ${error}`);
}

/** Shows one file selected in its folder (the media gallery's "Show in folder"). */
export function showInFolder(path: string): void {
  shell.showItemInFolder(path);
}
