// Desktop notifications from main (Electron glue): a click brings the window back on the screen it names.
import { Notification } from 'electron';
import type { NativeNotification, NotificationTarget, Notifier } from '../alerts/notifier';

export function electronNotifier(open: (target: NotificationTarget) => void): Notifier {
  return {
    notify(n: NativeNotification) {
      if (!Notification.isSupported()) throw new Error('this desktop does not support notifications');
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', () => open(n.target));
      note.show();
    },
  };
}
