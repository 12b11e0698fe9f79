// MainWindow's opening of databases: the probe, the connection dialog, the session and the recent list.
#include "MainWindow.h"

#include "ui_MainWindow.h"

#include "ConnectionDialog.h"
#include "ConnectionProbe.h"
#include "DatabaseSession.h"
#include "DemoDatabase.h"
#include "DjangoProjectOpener.h"
#include "GridExporter.h"
#include "MissingProfilesBar.h"
#include "ProfileCreation.h"
#include "ProfilesPane.h"
#include "RecentConnections.h"
#include "Reconnect.h"
#include "UsersPane.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

namespace {

// What the title calls a database: an SQLite file by its name and folder (a full path hides the name at the
// end of a long title), a server database by its URL with the password masked.
QString titleOf(const DatabaseUrl &url)
{
    if (url.kind() != DatabaseUrl::Kind::SQLite)
        return url.toDisplayString();
    const QFileInfo file(url.filePath());
    const QString folder = file.absoluteDir().dirName();
    return folder.isEmpty()
               ? file.fileName()
               : QCoreApplication::translate("MainWindow", "%1 (…/%2)").arg(file.fileName(), folder);
}

} // namespace

void MainWindow::openDemo()
{
    QString error;
    const QString path = DemoDatabase::ensure(&error);
    if (path.isEmpty()) {
        showError(tr("No demo database"), error);
        return;
    }
    openDatabase(DatabaseUrl::parse(path, &error));
}

void MainWindow::openLastOrDemo()
{
    const QString last = RecentConnections::last();
    if (last.isEmpty())
        openDemo();
    else
        openDatabase(last);
}

void MainWindow::openDjangoProject(const QString &managePy, const QString &python)
{
    m_djangoOpener->open(managePy, python);
}

void MainWindow::openDatabase(const QString &text)
{
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    if (url.isValid()) {
        openDatabase(url);
        return;
    }
    // From the event loop, so that the window is up before the dialog says what was wrong.
    QTimer::singleShot(0, this, [this, error] { showConnectionDialog(DatabaseUrl(), error, false); });
}

void MainWindow::openDatabase(const DatabaseUrl &url)
{
    if (m_creation->isRunning())
        return;
    const quint64 attempt = ++m_openAttempt;
    statusBar()->showMessage(tr("Connecting to %1…").arg(url.toDisplayString()));
    ConnectionProbe::start(url, m_discovery, this, [this, attempt, url](const ProbeResult &result) {
        if (attempt != m_openAttempt)
            return;
        statusBar()->clearMessage();
        if (!result.connected)
            showConnectionDialog(url, result.error, result.passwordRequired);
        else if (!result.discovery.ok())
            showConnectionDialog(url, result.discovery.message, false);
        else
            opened(url, result);
    });
}

void MainWindow::showConnectionDialog(const DatabaseUrl &url, const QString &message, bool askForPassword)
{
    ConnectionDialog dialog(m_discovery, this);
    if (url.isValid())
        dialog.setUrl(url);
    if (!message.isEmpty())
        dialog.showMessage(message, askForPassword);
    if (dialog.exec() == QDialog::Accepted)
        opened(dialog.url(), dialog.result());
}

void MainWindow::opened(const DatabaseUrl &url, const ProbeResult &result)
{
    // Edits made while the database was being tried are not dropped silently either.
    if (!m_ui->profilesPane->settleEdits(tr("opening %1").arg(url.toDisplayString())))
        return;
    // The window's own connection; the probe's discovery is taken over rather than made again.
    auto session = std::make_unique<DatabaseSession>(
        url, result.discovery,
        SessionOptions{QStringLiteral("gui"), Connection::Mode::ReadWrite, m_discovery});
    if (!session->isConnected()) {
        showConnectionDialog(url, session->errorText(), session->passwordRequired());
        return;
    }
    setSession(std::move(session));
    RecentConnections::add(url);
    updateRecentMenu();
}

void MainWindow::setSession(std::unique_ptr<DatabaseSession> session)
{
    // The panes let go of the old models before the old session closes the connection they read.
    m_ui->usersPane->setSession(session.get());
    m_ui->profilesPane->setSession(session.get());
    m_creation->setSession(session.get());
    m_exporter->setSession(session.get());
    m_session = std::move(session);
    // What the status bar said was about the database before.
    statusBar()->clearMessage();
    m_ui->missingProfilesBar->reset();
    setWindowTitle(tr("%1[*] — profile-admin").arg(titleOf(m_session->url())));
    const WriteAccess &access = m_session->writeAccess();
    if (!access.canCreate() || !access.canEdit())
        statusBar()->showMessage(
            tr("Read-only: %1.").arg(access.canEdit() ? access.createProblem() : access.editProblem()));
    updateCounts();
    updateActions();
}

void MainWindow::updateRecentMenu()
{
    m_ui->menuRecent->clear();
    for (const QString &entry : RecentConnections::list()) {
        QAction *action = m_ui->menuRecent->addAction(entry);
        connect(action, &QAction::triggered, this, [this, entry] { openDatabase(entry); });
    }
    m_ui->menuRecent->setEnabled(!m_ui->menuRecent->isEmpty());
}

bool MainWindow::ensureConnected()
{
    const QString error = Reconnect::ensureConnected(m_session->connection());
    if (error.isEmpty())
        return true;
    showError(tr("Database unreachable"), error);
    return false;
}
