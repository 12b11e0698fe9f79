#pragma once

#include <QObject>

#include <functional>

class DatabaseSession;
class QAction;
class QWidget;

// The Help menu of the window: the documentation that ships inside the program, the keyboard shortcuts read
// from the window's own actions, and About.
class HelpActions final : public QObject
{
    Q_OBJECT

public:
    HelpActions(QWidget *window, QAction *documentation, QAction *shortcuts, QAction *about);
    // Adds "Keep it fixed…" to the menu of `about`, before it: the Django code that keeps new users from
    // arriving without a profile, for the database `session` gives (none open: it says so).
    void addKeepItFixed(QAction *about, const std::function<const DatabaseSession *()> &session);

private:
    void showDocumentation();
    void showShortcuts();
    void showAbout();
    void showKeepItFixed();

    QWidget *const m_window;
    std::function<const DatabaseSession *()> m_session;
};
