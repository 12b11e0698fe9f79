#include "HelpActions.h"

#include "AboutDialog.h"
#include "DatabaseSession.h"
#include "DjangoSnippet.h"
#include "DocumentationViewer.h"
#include "KeepItFixedDialog.h"
#include "MessageBox.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QMenu>

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

void HelpActions::addKeepItFixed(QAction *about, const std::function<const DatabaseSession *()> &session)
{
    m_session = session;
    auto *action = new QAction(tr("Keep it &fixed\u2026"), this);
    action->setObjectName(QStringLiteral("actionKeepItFixed"));
    action->setToolTip(tr("Show the Django code that keeps new users from arriving without a profile"));
    connect(action, &QAction::triggered, this, &HelpActions::showKeepItFixed);
    for (QObject *object : about->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            menu->insertAction(about, action);
    }
}

void HelpActions::showKeepItFixed()
{
    const DatabaseSession *session = m_session ? m_session() : nullptr;
    if (!session || !session->isReady()) {
        MessageBox::warning(m_window, tr("Keep it fixed"),
                            tr("Open a Django database first: the code names its profile models."));
        return;
    }
    KeepItFixedDialog dialog(DjangoSnippet(session->database(), session->profiles()).text(), m_window);
    dialog.exec();
}
