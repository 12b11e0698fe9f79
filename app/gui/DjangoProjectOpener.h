#pragma once

#include "DjangoProject.h"

#include <QObject>

class QAction;
class QWidget;

// "Open Django project…": picks a project's manage.py, has the project's own Python describe it off the GUI
// thread (DjangoProcess), and hands the project over; the window then opens the project's database.
class DjangoProjectOpener final : public QObject
{
    Q_OBJECT

public:
    // The action ("Open Django project…") is the window's to put into a menu.
    explicit DjangoProjectOpener(QWidget *window);

    QAction *action() const { return m_action; }
    // The interpreter for projects picked from the menu (--python); empty: the virtualenv next to
    // manage.py, else python3.
    void setPython(const QString &python) { m_python = python; }
    // Introspects the project of `managePy` with `python` (empty: the virtualenv next to it, else python3).
    void open(const QString &managePy, const QString &python = {});
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void opened(const DjangoProject &project);
    void failed(const QString &title, const QString &message);

private:
    void pick();

    QWidget *m_window;
    QAction *m_action;
    QString m_python;
    bool m_running = false;
};
