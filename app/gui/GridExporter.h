#pragma once

#include "GridExport.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class DatabaseSession;
class DatabaseWorker;
class ProfilesPane;
class QProgressDialog;
class QWidget;
class UsersPane;

// "Export…" of the Users view or the Profiles grid to CSV, and "Save edits as SQL…" of the grid's held
// edits. An export asks what to write (ExportDialog) and where (FileDialog), then reads the rows on a worker
// thread of its own (GridExport), with a progress dialog and Cancel; the window never waits for it.
class GridExporter final : public QObject
{
    Q_OBJECT

public:
    // Dialogs open over `window`; the grids are the window's.
    GridExporter(UsersPane *users, ProfilesPane *profiles, QWidget *window);
    // Cancels a running export; its worker waits for the batch in hand and leaves no file.
    ~GridExporter() override;

    void setSession(DatabaseSession *session);
    bool isRunning() const { return m_running; }

    // Exports the grid that has the keyboard focus, or had it last (the Users view before either had it).
    void exportFocusedGrid();
    void exportUsers();
    void exportProfiles();
    // Writes the Profiles grid's held edits as an SQL script; they stay held.
    void saveEditsAsSql();
    // A running export stops at its next batch and writes no file.
    void cancel();

Q_SIGNALS:
    void runningChanged(bool running);
    void statusMessage(const QString &text, int timeout = 0);
    void errorOccurred(const QString &title, const QString &message);

private:
    // One report from the worker: rows written so far, or the end.
    struct Step
    {
        qint64 written = 0;
        bool last = false;
        GridExport::Result result;
    };

    void run(const QString &gridName, const GridExport::Source &source, qint64 total,
             const QList<std::pair<qint64, qint64>> &selection, const QString &note);
    void step(const Step &step);
    void setRunning(bool running);
    QString suggestedPath(const QString &fileName) const;

    UsersPane *const m_users;
    ProfilesPane *const m_profiles;
    QWidget *const m_window;
    DatabaseSession *m_session = nullptr;
    // A thread with a connection of its own, so that a long export never holds the window's connection.
    std::unique_ptr<DatabaseWorker> m_worker;
    // Shared with the running job, which may outlive this object by one batch.
    const std::shared_ptr<std::atomic<bool>> m_cancelled;
    QProgressDialog *m_progress = nullptr;
    bool m_profilesLast = false; // the Profiles grid had the focus last
    bool m_running = false;
    QString m_fileName;
    qint64 m_expected = -1;
};
