#pragma once

#include "Command.h"
#include "OnlineFix.h"

#include <optional>

// `profile-admin fix`: creates every missing profile in one transaction, in the primary profile table, the
// tables named with --profile-table or, with --all, every one. Asks first on a terminal unless --yes;
// --dry-run prints every table's plan and SQL and writes nothing; --sql FILE writes the transaction as SQL
// for review and runs nothing.
class FixCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("fix"); }
    QString summary() const override;

protected:
    void addOptions(QCommandLineParser &parser) override;
    Connection::Mode mode() const override;
    QString invalidOptions() const override;
    QList<ProfileSchema> actedOn(const DatabaseSession &session) override;
    int run(DatabaseSession &session, const QList<TablePlan> &tables) override;

private:
    bool confirm(const QList<TablePlan> &tables, const QList<qint64> &missing);
    int dryRun(const QList<TablePlan> &tables, const QList<MissingProfileFixer> &fixers,
               const QList<ProfileCounts> &before);
    // --sql: the transaction as a script (FixScript), to a file or stdout; nothing runs.
    int writeScript(DatabaseSession &session, const QList<TablePlan> &tables,
                    const QList<ProfileCounts> &before);
    // Before the first write (and before asking): the exit status of a refusal when this connection cannot
    // create profiles in one of `schemas`, else nothing.
    std::optional<int> refuseWithoutWriteAccess(DatabaseSession &session,
                                                const QList<ProfileSchema> &schemas);
    // Whether this connection may create profiles in every one of `schemas`; says nothing.
    static bool canCreate(DatabaseSession &session, const QList<ProfileSchema> &schemas);
    // fix --via-django: every missing profile created by the project's own ORM (DjangoProcess).
    int runViaDjango(DatabaseSession &session, const QList<TablePlan> &tables);
    // --batch-commit (FixOnline.cpp): the options checked, the run in committed batches, the dry run's plan.
    QString invalidOnlineOptions() const;
    OnlineOptions onlineOptions(qint64 expectedProfiles) const;
    int runOnline(DatabaseSession &session, const QList<TablePlan> &tables,
                  const QList<MissingProfileFixer> &fixers, const QList<ProfileCounts> &before);
    QString onlinePlanText(qint64 missing) const;
    // "3 in account_profile and 5 in members_membership".
    static QString tableList(const QList<TablePlan> &tables, const QList<qint64> &counts);
};
