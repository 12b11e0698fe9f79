#pragma once

#include <QObject>

class QAction;
class QWidget;

// The Help menu of the window: the documentation that ships inside the program, the keyboard shortcuts read
// from the window's own actions, and About.
class HelpActions final : public QObject
{
    Q_OBJECT

public:
    HelpActions(QWidget *window, QAction *documentation, QAction *shortcuts, QAction *about);

private:
    void showDocumentation();
    void showShortcuts();
    void showAbout();

    QWidget *const m_window;
};
