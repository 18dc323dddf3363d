import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconCheck } from "@tabler/icons-react";
import i18next from "i18next";
import { createElement } from "react";

// Mantine's close button has no accessible name by default: give it one, in the UI language.
const closeButtonProps = () => ({ "aria-label": i18next.t("common.close") });

export function notifySuccess(message: string): void {
  notifications.show({
    color: "teal",
    icon: createElement(IconCheck, { size: 18 }),
    title: i18next.t("notifications.success"),
    message,
    closeButtonProps: closeButtonProps(),
  });
}

export function notifyError(title: string, message: string): void {
  notifications.show({
    color: "red",
    icon: createElement(IconAlertCircle, { size: 18 }),
    title,
    message,
    autoClose: 8000,
    closeButtonProps: closeButtonProps(),
  });
}
