#pragma once

#include "DatabaseUrl.h"
#include "SchemaDiscovery.h"

#include <QMainWindow>
#include <QMap>
#include <QModelIndexList>
#include <QScopedPointer>
#include <QTimer>
#include <QVariantList>

#include <atomic>
#include <memory>

namespace Ui {
class MainWindow;
}
class DatabaseSession;
class QLabel;
class QProgressDialog;
class UsersHighlightProxy;
struct FixResult;
struct ProbeResult;

// What the command line tells the GUI: discovery overrides (--user-table, --profile-table, --link-column) and
// the values new profiles get (--set).
struct GuiOptions
{
    DiscoveryOverrides discovery;
    QMap<QString, QString> fillValues;
};

// The product's window (docs/gui-walkthrough.md): the Users view with the users lacking a profile highlighted, the Profiles
// grid edited in place, "Create missing profiles" and "Create profile". Long work (opening, counting, reading
// pages of a big table, creating profiles) runs off the GUI thread; edits are never dropped without asking.
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

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void connectActions();
    void applySearch();
    void showConnectionDialog(const DatabaseUrl &url, const QString &message, bool askForPassword);
    void opened(const DatabaseUrl &url, const ProbeResult &result);
    void setSession(std::unique_ptr<DatabaseSession> session);
    bool settleEdits(const QString &before);
    bool save();
    void revertChanges();
    void revertSelectedRows();
    void setSelectionToNull();
    void refresh();
    void showPage(qint64 start, bool lastRow = false);
    void sortProfiles(int column, Qt::SortOrder order);
    void showProfileOfUser(const QModelIndex &index);
    void createMissingProfiles();
    void createProfilesForSelection();
    void fixProgress(qint64 done, qint64 total);
    void fixFinished(const FixResult &result);
    void profilesCreated(const FixResult &result, const QVariantList &keys);
    void selectProfileRow(int row);
    QVariantList selectedUsersWithoutProfile() const;
    // Cells (and their rows) of the Profiles view that are selected or hold the cursor; the cursor's cell may
    // be invalid.
    QModelIndexList selectedProfileCells() const;
    QList<int> selectedProfileRows() const;
    void updateActions();
    void updateCounts();
    void updatePageControls();
    void updateRecentMenu();
    void showError(const QString &title, const QString &message);
    bool reconnectIfLost(QString *error);
    // Before reading on the window's connection: opens it again if the server dropped it (restart, failover),
    // or says why it cannot and returns false.
    bool ensureConnected();

    const QScopedPointer<Ui::MainWindow> m_ui;
    GuiOptions m_options;
    std::unique_ptr<DatabaseSession> m_session;
    UsersHighlightProxy *m_usersProxy;
    QLabel *m_countsLabel;
    QTimer m_searchTimer;
    QProgressDialog *m_progress = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_writing = false;      // profiles are being created
    bool m_columnsSized = false; // the Users view's columns fit their first rows
    quint64 m_openAttempt = 0;   // the answer of an earlier opening attempt is ignored
    // Why this connection may not create or edit profiles (a read-only role, file or server); empty when it
    // may.
    QString m_createProblem;
    QString m_editProblem;
    int m_profilesSortColumn = 0;
    Qt::SortOrder m_profilesSortOrder = Qt::AscendingOrder;
};
