#pragma once

#include "DatabaseUrl.h"
#include "SchemaDiscovery.h"
#include "SharedOptions.h"

#include <QMainWindow>
#include <QMap>
#include <QScopedPointer>

#include <memory>

namespace Ui {
class MainWindow;
}
class DatabaseSession;
class GridExporter;
class ProfileCreation;
class CountsLabel;
class DjangoProjectOpener;
struct ProbeResult;

// What the command line tells the window: the shared options of check, fix and schema.
using GuiOptions = SharedOptions;

// The product's window (docs/gui-walkthrough.md): the Users view with the users lacking a profile highlighted
// (UsersPane), the Profiles grid edited in place (ProfilesPane), "Create missing profiles" and "Create
// profile" (ProfileCreation). The window itself opens databases, holds the session, the menus and the status
// bar, and asks before closing. Long work (opening, counting, reading pages of a big table, creating
// profiles) runs off the GUI thread; edits are never dropped without asking.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const GuiOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `url` without freezing the window; when that fails, the connection dialog says why.
    void openDatabase(const DatabaseUrl &url);
    // The same for a database as typed (a URL or an SQLite path); one that does not parse opens the dialog.
    void openDatabase(const QString &text);
    // The demo database, made on first use.
    void openDemo();
    // What `profile-admin` alone opens: the last database used, or the demo on first launch.
    void openLastOrDemo();
    // Django-aware mode: reads the project of `managePy` with its own Python, then opens its database.
    void openDjangoProject(const QString &managePy, const QString &python = {});

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void connectActions();
    void connectPanes();
    void showConnectionDialog(const DatabaseUrl &url, const QString &message, bool askForPassword);
    void opened(const DatabaseUrl &url, const ProbeResult &result);
    void setSession(std::unique_ptr<DatabaseSession> session);
    void refresh();
    void createMissingProfiles();
    void createProfilesForSelection();
    // Return on a user without a profile: asks, then creates it.
    void offerProfileFor(const QVariant &userKey, const QString &userName,
                         const QList<qint64> &lackingByTable);
    void showOwner();
    // The first time the Users view's columns are measured: the splitter gives each side what it needs.
    void fitSplitter();
    // The one place the actions' enabled state is worked out, from the session and the panes' state.
    void updateActions();
    void updateCounts();
    void updateRecentMenu();
    void showError(const QString &title, const QString &message);
    // Before reading on the window's connection: opens it again if the server dropped it (restart, failover),
    // or says why it cannot and returns false.
    bool ensureConnected();

    const QScopedPointer<Ui::MainWindow> m_ui;
    const DiscoveryOverrides m_discovery;
    std::unique_ptr<DatabaseSession> m_session;
    CountsLabel *m_countsLabel;
    ProfileCreation *m_creation;
    GridExporter *m_exporter;
    DjangoProjectOpener *m_djangoOpener;
    quint64 m_openAttempt = 0;  // the answer of an earlier opening attempt is ignored
    bool m_splitterSet = false; // restored from the settings, fitted once, or moved by the user
};
