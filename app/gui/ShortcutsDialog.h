#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QWidget;

// "Keyboard shortcuts" (Help menu): a table made from the window's own actions and their shortcuts when it
// opens, so it cannot fall behind the menus.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT

public:
    // Lists the actions of `window` (its menus and views) that have a shortcut.
    explicit ShortcutsDialog(QWidget *window);

    // The rows the dialog shows: what the action does (ampersands and ellipsis dropped) and its shortcuts.
    static QList<QPair<QString, QString>> rows(const QWidget *window);
};
