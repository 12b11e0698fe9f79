#pragma once

#include "ProfileSchema.h"

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
struct OnlineProgress;

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

    // Asks with CreateMissingDialog, then creates the missing profiles of the tables checked there, in one
    // transaction, with progress and Cancel. `missingByTable` are the users without a profile in each of
    // the session's profile tables.
    void createMissing(const QList<qint64> &missingByTable);
    // Creates, for `userKeys`, the profile of every table they lack, in one transaction: `lackingByTable`
    // says how many of them lack one in each of the session's profile tables. One table: with the values
    // chosen last, without asking; several: asks first with CreateMissingDialog (a check box, count and
    // values per table).
    void createFor(const QVariantList &userKeys, const QList<qint64> &lackingByTable);
    // Asks whether to create the profile the user called `userName` lacks (`lackingByTable` as for
    // createFor()), naming its table: Create profile or Cancel. True without asking when they lack several,
    // as createFor() asks then.
    bool confirmCreateFor(const QString &userName, const QList<qint64> &lackingByTable);
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
    // The values new profiles of `table` get: those chosen last in the dialog, else the --set values that
    // name the table (TABLE.COLUMN) and, for the primary table, those that name only a column.
    QMap<QString, QString> valuesFor(const ProfileSchema &table) const;
    bool severalTables() const;
    // The indexes of the session's profile tables whose count in `lackingByTable` is above zero.
    QList<int> lackingTables(const QList<qint64> &lackingByTable) const;
    // Asks with CreateMissingDialog which of `tables` (session profile indexes) get profiles for `users`
    // selected users; fills the chosen schemas and plans. False when cancelled.
    bool chooseTablesFor(qint64 users, const QList<int> &tables, const QList<qint64> &lackingByTable,
                         QList<ProfileSchema> *schemas, QList<FillPlan> *plans);
    void progressed(qint64 done, qint64 total);
    // Online mode: committed profiles against the count, the rate, the time left, and waits.
    void onlineProgressed(const OnlineProgress &progress);
    // The status bar's sentence after an online run: what was committed, and that a rerun finishes the job.
    void onlineRunEnded(const FixResult &result);
    void finished(const FixResult &result);
    void missingCreated(const FixResult &result);
    void createdForUsers(const FixResult &result);
    void setRunning(bool running);
    // Creates the missing profiles of `tables` through the project's ORM, in one transaction.
    void createViaDjango(qint64 missing, const QList<ProfileSchema> &tables);
    void djangoFinished(const DjangoCreateResult &result);
    // The project's model for `table`, or nullptr (no project, or no model for it).
    const DjangoModel *djangoModelFor(const ProfileSchema &table) const;

    QWidget *const m_window;
    QMap<QString, QString> m_fillValues;
    // The values chosen in the dialog, by table (TableName::display()).
    QMap<QString, QMap<QString, QString>> m_chosenValues;
    // The tables of the running or last "Create missing profiles", for its message.
    QStringList m_runTables;
    DatabaseSession *m_session = nullptr;
    QProgressDialog *m_progress = nullptr;
    // Runs each creation on the session's writer thread and reports progress and the result here.
    ProfileCreationRunner *const m_runner;
    // A thread with a connection of its own for the writes, which never touch the window's connection.
    std::unique_ptr<DatabaseWorker> m_writer;
    bool m_running = false;
    // The running or last "Create missing profiles" commits in batches (online mode).
    bool m_online = false;
    std::optional<DjangoProject> m_django;
    DjangoProcess *m_djangoProcess = nullptr;
    // The tables of the run through Django as the site's models name them, in the order of m_runTables.
    QStringList m_djangoTables;
};
