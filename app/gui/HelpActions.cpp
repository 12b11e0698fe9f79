#include "HelpActions.h"

#include "AboutDialog.h"
#include "DocumentationViewer.h"
#include "ShortcutsDialog.h"

#include <QAction>

HelpActions::HelpActions(QWidget *window, QAction *documentation, QAction *shortcuts, QAction *about)
    : QObject(window)
    , m_window(window)
{
    connect(documentation, &QAction::triggered, this, &HelpActions::showDocumentation);
    connect(shortcuts, &QAction::triggered, this, &HelpActions::showShortcuts);
    connect(about, &QAction::triggered, this, &HelpActions::showAbout);
}

void HelpActions::showDocumentation()
{
    // One viewer, kept open beside the window while the user tries what it says.
    auto *viewer = m_window->findChild<DocumentationViewer *>();
    if (!viewer) {
        viewer = new DocumentationViewer(m_window);
        viewer->setAttribute(Qt::WA_DeleteOnClose);
    }
    viewer->show();
    viewer->raise();
    viewer->activateWindow();
}

void HelpActions::showShortcuts()
{
    ShortcutsDialog dialog(m_window);
    dialog.exec();
}

void HelpActions::showAbout()
{
    AboutDialog dialog(m_window);
    dialog.exec();
}
