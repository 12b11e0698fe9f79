#pragma once

#include <QMap>
#include <QObject>
#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>

#include "DjangoProject.h"

class DatabaseSession;
class DatabaseWorker;
class DjangoProcess;
struct DjangoCreateResult;
class FillPlan;
class ProfileCreationRunner;
class QProgressDialog;
class QWidget;
struct FixResult;

// Creating profiles from the window: "Create missing profiles" (confirmed in CreateMissingDialog, then run
// with a progress dialog and Cancel) and "Create profile" for the selected users. The work runs on the
// session's writer thread, never on the window's connection; the views are told to read again afterwards.
class ProfileCreation final : public QObject
{
    Q_OBJECT

public:
    // Dialogs open over `window`; `fillValues` are the values new profiles get (the GUI's --set).
    ProfileCreation(const QMap<QString, QString> &fillValues, QWidget *window);
    ~ProfileCreation() override;

    void setSession(DatabaseSession *session);
    bool isRunning() const { return m_running; }

    // Asks with CreateMissingDialog, then creates the `missing` profiles with progress and Cancel.
    void createMissing(qint64 missing);
    // Creates a profile for each of `userKeys` with the values chosen last, without asking.
    void createFor(const QVariantList &userKeys);
    // Asks whether to create a profile for the user called `userName`: Create profile or Cancel.
    bool confirmCreateFor(const QString &userName);
    // How long a run took, as the status bar says it ("0.25 s", "less than 0.01 s").
    static QString durationText(double seconds);
    // A running creation stops at its next batch and rolls back everything.
    void cancel();
    // Django-aware mode for the sessions on `project`'s database: plans take its models' defaults, and the
    // confirmation offers "Create through Django". Another database ends it.
    void setDjangoProject(const DjangoProject &project);

Q_SIGNALS:
    void runningChanged(bool running);
    void statusMessage(const QString &text, int timeout = 0);
    // Something failed; the receiver says so at once (the caller goes on after that).
    void errorOccurred(const QString &title, const QString &message);
    // "Create missing profiles" ended, created, failed or cancelled: the views read the database again.
    void missingRunEnded();
    // "Create profile" created profiles: the views read the database again and show the first user's.
    void createdFor(const QVariant &firstUserKey);

private:
    void progressed(qint64 done, qint64 total);
    void finished(const FixResult &result);
    void missingCreated(const FixResult &result);
    void createdForUsers(const FixResult &result);
    void setRunning(bool running);
    // Creates the missing profiles of the session's primary table through the project's ORM.
    void createViaDjango(qint64 missing, const QMap<QString, QString> &values);
    void djangoFinished(const DjangoCreateResult &result);
    const DjangoModel *djangoModel() const;

    QWidget *const m_window;
    QMap<QString, QString> m_fillValues;
    DatabaseSession *m_session = nullptr;
    QProgressDialog *m_progress = nullptr;
    // Runs each creation on the session's writer thread and reports progress and the result here.
    ProfileCreationRunner *const m_runner;
    // A thread with a connection of its own for the writes, which never touch the window's connection.
    std::unique_ptr<DatabaseWorker> m_writer;
    bool m_running = false;
    std::optional<DjangoProject> m_django;
    DjangoProcess *m_djangoProcess = nullptr;
};
