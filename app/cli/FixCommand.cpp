#include "FixCommand.h"

#include "DjangoProcess.h"
#include "FixScript.h"
#include "ProfileCreationRunner.h"
#include "SchemaCommand.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

QString FixCommand::summary() const
{
    return QStringLiteral(
        "Create the missing profiles in one transaction: in the primary profile table, the "
        "tables named with --profile-table, or every one with --all. Exit 0: done or "
        "nothing to do; 2: error, nothing written. With --batch-commit N: in committed "
        "batches paced by the replicas' lag, and an error keeps the batches committed before "
        "it.");
}

void FixCommand::addOptions(QCommandLineParser &parser)
{
    Command::addOptions(parser);
    parser.addOptions({
        {QStringLiteral("dry-run"), QStringLiteral("Print the plan and the SQL; write nothing.")},
        {{QStringLiteral("y"), QStringLiteral("yes")}, QStringLiteral("Do not ask for confirmation.")},
        {QStringLiteral("all"), QStringLiteral("Fix every profile table, all in one transaction.")},
        {QStringLiteral("sql"),
         QStringLiteral("Write the transaction fix would run to FILE (- for stdout) as SQL with the values "
                        "written in, for review; run nothing."),
         QStringLiteral("FILE")},
        {QStringLiteral("via-django"),
         QStringLiteral("Create the profiles through the project's own ORM (needs --django), in one "
                        "transaction.atomic(), with save() and signals.")},
        {QStringLiteral("batch-commit"),
         QStringLiteral(
             "Online mode: commit every N profiles instead of one transaction, each table in turn; "
             "a run that stops keeps its committed batches and a rerun finishes the job."),
         QStringLiteral("N")},
        {QStringLiteral("max-replica-lag"),
         QStringLiteral("With --batch-commit: wait before a batch while a streaming replica's replay lag is "
                        "above SECONDS (default 10; PostgreSQL only, the role needs pg_monitor)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("max-rate"),
         QStringLiteral("With --batch-commit: create at most N profiles per second."), QStringLiteral("N")},
    });
}

Connection::Mode FixCommand::mode() const
{
    return isSet(QStringLiteral("dry-run")) || isSet(QStringLiteral("sql")) ? Connection::Mode::ReadOnly
                                                                            : Connection::Mode::ReadWrite;
}

QString FixCommand::invalidOptions() const
{
    if (const QString online = invalidOnlineOptions(); !online.isEmpty())
        return online;
    if (isSet(QStringLiteral("sql")) && isSet(QStringLiteral("dry-run")))
        return QStringLiteral("give --sql or --dry-run, not both");
    if (value(QStringLiteral("sql")) == QLatin1String("-") && json())
        return QStringLiteral("--sql - and --json both want stdout; give a FILE to --sql");
    if (isSet(QStringLiteral("sql")) && value(QStringLiteral("sql")).isEmpty())
        return QStringLiteral("--sql needs a FILE, or - for stdout");
    return {};
}

int FixCommand::writeScript(DatabaseSession &session, const QList<TablePlan> &tables,
                            const QList<ProfileCounts> &before)
{
    QList<ProfileSchema> schemas;
    QList<FillPlan> plans;
    QList<qint64> missing;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        schemas.append(tables.at(i).schema);
        plans.append(tables.at(i).plan);
        missing.append(before.at(i).missing);
    }
    const FixScript script(session.database(), schemas, plans);
    const QString file = value(QStringLiteral("sql"));
    const QString database = session.url().toDisplayString();
    QString error;
    if (file == QLatin1String("-")) {
        const QString text = script.script(database, QDateTime::currentDateTimeUtc(), &error);
        if (text.isEmpty())
            return fail(error);
        m_io.out << text << Qt::flush;
    } else if (!script.save(file, database, &error)) {
        return fail(error);
    }
    if (json())
        printJson({{QStringLiteral("sql"), file}, {QStringLiteral("would_create"), missing.first()}});
    m_io.err << "Wrote the SQL that creates the missing profiles (now " << tableList(tables, missing)
             << ") to " << (file == QLatin1String("-") ? QStringLiteral("stdout") : file)
             << "; nothing was run." << Qt::endl;
    return Success;
}

QList<ProfileSchema> FixCommand::actedOn(const DatabaseSession &session)
{
    const bool named = !values(QStringLiteral("profile-table")).isEmpty();
    if (isSet(QStringLiteral("all")) && named) {
        fail(QStringLiteral("Give --all or --profile-table, not both."));
        return {};
    }
    // Discovery kept only the tables named, if any; without a name or --all, the primary table alone.
    if (named || isSet(QStringLiteral("all")))
        return session.profiles();
    return {session.schema()};
}

QString FixCommand::tableList(const QList<TablePlan> &tables, const QList<qint64> &counts)
{
    QStringList parts;
    for (qsizetype i = 0; i < tables.size(); ++i)
        parts << QStringLiteral("%1 in %2")
                     .arg(formatCount(counts.at(i)), tables.at(i).schema.profileTable.display());
    if (parts.size() < 2)
        return parts.join(QString());
    const QString last = parts.takeLast();
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

bool FixCommand::confirm(const QList<TablePlan> &tables, const QList<qint64> &missing)
{
    m_io.err << "Create " << (tables.size() > 1 ? QStringLiteral("profiles: ") : QStringLiteral("profiles "))
             << tableList(tables, missing)
             << (isSet(QStringLiteral("batch-commit"))
                     ? QStringLiteral(", committing every %1").arg(value(QStringLiteral("batch-commit")))
                 : tables.size() > 1 ? QStringLiteral(", in one transaction")
                                     : QString())
             << "? [y/N] " << Qt::flush;
    const QString answer = m_io.in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

int FixCommand::dryRun(const QList<TablePlan> &tables, const QList<MissingProfileFixer> &fixers,
                       const QList<ProfileCounts> &before)
{
    if (json()) {
        QJsonObject object;
        QJsonArray perTable;
        for (qsizetype i = 0; i < tables.size(); ++i) {
            QJsonObject entry = tables.at(i).schema.toJson();
            entry.insert(QStringLiteral("users"), before.at(i).users);
            entry.insert(QStringLiteral("missing"), before.at(i).missing);
            entry.insert(QStringLiteral("would_create"), before.at(i).missing);
            entry.insert(QStringLiteral("created"), 0);
            entry.insert(QStringLiteral("plan"), tables.at(i).plan.toJson());
            entry.insert(QStringLiteral("sql"), fixers.at(i).previewSql());
            perTable.append(entry);
            if (i == 0)
                object = entry;
        }
        if (tables.size() > 1)
            object.insert(QStringLiteral("tables"), perTable);
        printJson(object);
    }
    QTextStream &out = human();
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (i > 0)
            out << '\n';
        SchemaCommand::printPlan(out, tables.at(i).schema, tables.at(i).plan,
                                 SchemaCommand::tableNote(tables, tables.at(i)));
        out << "\nWould create " << formatCount(before.at(i).missing)
            << " profiles (dry run, nothing written) with:\n"
            << fixers.at(i).previewSql() << ";\n";
    }
    if (isSet(QStringLiteral("batch-commit"))) {
        qint64 missing = 0;
        for (const ProfileCounts &counts : before)
            missing += counts.missing;
        out << '\n' << onlinePlanText(missing) << '\n';
    }
    out << Qt::flush;
    return Success;
}

int FixCommand::run(DatabaseSession &session, const QList<TablePlan> &tables)
{
    if (isSet(QStringLiteral("via-django")))
        return runViaDjango(session, tables);
    const QString planErrors = SchemaCommand::planErrors(tables);
    if (!planErrors.isEmpty())
        return fail(planErrors);
    QList<MissingProfileFixer> fixers;
    QList<ProfileSchema> schemas;
    QList<FillPlan> plans;
    for (const TablePlan &table : tables) {
        fixers.append(MissingProfileFixer(session.database(), table.schema, table.plan));
        schemas.append(table.schema);
        plans.append(table.plan);
    }
    // The anti-join over every user costs about half the INSERT itself, so it runs only when someone reads
    // its numbers before the run (a plan, a question, online mode's progress) or when this connection cannot
    // write (then only "nothing to do" can be said); with --yes the run's own row counts tell what was
    // missing.
    const bool countFirst = isSet(QStringLiteral("dry-run")) || isSet(QStringLiteral("sql")) ||
                            isSet(QStringLiteral("batch-commit")) || !isSet(QStringLiteral("yes")) ||
                            !canCreate(session, schemas);
    QList<ProfileCounts> before;
    QList<qint64> missingBefore;
    qint64 totalMissing = 0;
    qint64 users = 0;
    if (countFirst) {
        for (const MissingProfileFixer &fixer : std::as_const(fixers)) {
            QString error;
            before.append(fixer.counts(&error));
            if (!error.isEmpty())
                return fail(error);
            missingBefore.append(before.last().missing);
            totalMissing += before.last().missing;
        }
        users = before.first().users;
    } else {
        QString error;
        users = fixers.first().userCount(&error);
        if (!error.isEmpty())
            return fail(error);
    }
    // The top-level keys describe the first table acted on: the primary one unless other tables were named.
    const ProfileSchema &schema = tables.first().schema;

    if (isSet(QStringLiteral("dry-run")))
        return dryRun(tables, fixers, before);
    if (isSet(QStringLiteral("sql")))
        return writeScript(session, tables, before);

    const auto report = [&](qint64 created, const QList<qint64> &createdByTable,
                            const QList<qint64> &missingAfter, double seconds) {
        if (!json())
            return;
        QJsonObject object{{QStringLiteral("created"), created},
                           {QStringLiteral("users"), users},
                           {QStringLiteral("missing_after"), missingAfter.first()},
                           {QStringLiteral("seconds"), seconds},
                           {QStringLiteral("user_table"), schema.userTable.display()},
                           {QStringLiteral("profile_table"), schema.profileTable.display()},
                           {QStringLiteral("link_column"), schema.linkColumn}};
        // Only a count made before the run says how many were missing then.
        if (countFirst)
            object.insert(QStringLiteral("missing_before"), missingBefore.first());
        if (tables.size() > 1) {
            // With several tables, "created" is their sum; per table it is here.
            QJsonArray perTable;
            for (qsizetype i = 0; i < tables.size(); ++i) {
                QJsonObject entry{{QStringLiteral("profile_table"), schemas.at(i).profileTable.display()},
                                  {QStringLiteral("link_column"), schemas.at(i).linkColumn},
                                  {QStringLiteral("created"), createdByTable.value(i)},
                                  {QStringLiteral("missing_after"), missingAfter.at(i)}};
                if (countFirst)
                    entry.insert(QStringLiteral("missing_before"), missingBefore.at(i));
                perTable.append(entry);
            }
            object.insert(QStringLiteral("tables"), perTable);
        }
        printJson(object);
    };
    const auto nothingToDo = [&](double seconds) {
        report(0, QList<qint64>(tables.size(), 0), QList<qint64>(tables.size(), 0), seconds);
        if (tables.size() > 1)
            human() << "Nothing to do: all " << formatCount(users) << " users have a profile in each of the "
                    << tables.size() << " profile tables." << Qt::endl;
        else
            human() << "Nothing to do: all " << formatCount(users) << " users have a profile." << Qt::endl;
        return Success;
    };

    if (countFirst && totalMissing == 0)
        return nothingToDo(0);

    // Refuse before the first write (and before asking) when this connection cannot write at all; without
    // counting first, canCreate() has said that it can.
    if (countFirst) {
        if (const std::optional<int> refused = refuseWithoutWriteAccess(session, schemas))
            return *refused;
    }

    if (!isSet(QStringLiteral("yes"))) {
        if (!m_io.interactive)
            return fail(
                QStringLiteral("Not writing without confirmation: no terminal to ask on. Pass --yes to "
                               "create %1 profiles, or --dry-run to see the plan.")
                    .arg(formatCount(totalMissing)));
        for (qsizetype i = 0; i < tables.size(); ++i) {
            if (i > 0)
                m_io.err << '\n';
            SchemaCommand::printPlan(m_io.err, schemas.at(i), plans.at(i),
                                     SchemaCommand::tableNote(tables, tables.at(i)));
        }
        if (!confirm(tables, missingBefore)) {
            m_io.err << "Nothing written." << Qt::endl;
            return Success;
        }
    }

    if (isSet(QStringLiteral("batch-commit")))
        return runOnline(session, tables, fixers, before);

    // The runner the window uses too, run here in this thread: no event loop runs while the CLI writes.
    ProfileCreationRunner runner;
    QElapsedTimer lastReport;
    lastReport.start();
    QObject::connect(&runner, &ProfileCreationRunner::progress, &runner, [&](qint64 done, qint64 total) {
        if (m_io.interactive && lastReport.elapsed() > 250) {
            m_io.err << "\rscanning users: " << (total > 0 ? done * 100 / total : 100) << "%" << Qt::flush;
            lastReport.restart();
        }
    });
    const FixResult result = tables.size() == 1
                                 ? runner.createMissingNow(session.connection(), schema, plans.first())
                                 : runner.createMissingNow(session.connection(), schemas, plans);
    if (m_io.interactive)
        m_io.err << "\r" << QString(24, QLatin1Char(' ')) << "\r" << Qt::flush;
    if (!result.ok)
        return fail(result.errorText);

    QList<qint64> missingAfter;
    qint64 remaining = 0;
    for (const MissingProfileFixer &fixer : std::as_const(fixers)) {
        QString error;
        const qint64 missing = fixer.missingAfter(result, &error);
        if (!error.isEmpty())
            return fail(
                QStringLiteral("The profiles were created, but counting afterwards failed: %1").arg(error));
        missingAfter.append(missing);
        remaining += missing;
    }
    if (result.created == 0 && remaining == 0)
        return nothingToDo(result.seconds);
    const QList<qint64> createdByTable =
        tables.size() == 1 ? QList<qint64>{result.created} : result.createdByTable;
    report(result.created, createdByTable, missingAfter, result.seconds);
    if (tables.size() == 1) {
        human() << "Created " << formatCount(result.created) << " profiles in "
                << schema.profileTable.display() << " in " << QString::number(result.seconds, 'f', 2)
                << " s; " << formatCount(missingAfter.first()) << " users without a profile remain."
                << Qt::endl;
        return Success;
    }
    human() << "Created " << formatCount(result.created) << " profiles (" << tableList(tables, createdByTable)
            << ") in one transaction in " << QString::number(result.seconds, 'f', 2) << " s; "
            << formatCount(remaining) << " missing profiles remain." << Qt::endl;
    return Success;
}

bool FixCommand::canCreate(DatabaseSession &session, const QList<ProfileSchema> &schemas)
{
    for (const ProfileSchema &table : schemas) {
        if (!WriteAccess::check(session.connection(), table).canCreate())
            return false;
    }
    return true;
}

std::optional<int> FixCommand::refuseWithoutWriteAccess(DatabaseSession &session,
                                                        const QList<ProfileSchema> &schemas)
{
    for (const ProfileSchema &table : schemas) {
        const WriteAccess access = WriteAccess::check(session.connection(), table);
        if (!access.canCreate())
            return fail(QStringLiteral("Cannot create profiles in %1: %2; nothing was written.")
                            .arg(table.profileTable.display(), access.createProblem()));
    }
    return std::nullopt;
}
