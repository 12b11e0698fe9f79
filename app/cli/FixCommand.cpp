#include "FixCommand.h"

#include "ProfileCreationRunner.h"
#include "SchemaCommand.h"

#include <QElapsedTimer>
#include <QJsonObject>

QString FixCommand::summary() const
{
    return QStringLiteral("Create the missing profiles in one transaction. Exit 0: done or nothing to do; "
                          "2: error, nothing written.");
}

void FixCommand::addOptions(QCommandLineParser &parser)
{
    Command::addOptions(parser);
    parser.addOptions({
        {QStringLiteral("dry-run"), QStringLiteral("Print the plan and the SQL; write nothing.")},
        {{QStringLiteral("y"), QStringLiteral("yes")}, QStringLiteral("Do not ask for confirmation.")},
    });
}

Connection::Mode FixCommand::mode() const
{
    return isSet(QStringLiteral("dry-run")) ? Connection::Mode::ReadOnly : Connection::Mode::ReadWrite;
}

bool FixCommand::confirm(qint64 missing, const ProfileSchema &schema)
{
    m_io.err << "Create " << formatCount(missing) << " profiles in " << schema.profileTable.display()
             << "? [y/N] " << Qt::flush;
    const QString answer = m_io.in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

int FixCommand::run(DatabaseSession &session, const FillPlan &plan)
{
    if (!plan.isValid())
        return fail(plan.errorText());
    const ProfileSchema &schema = session.schema();
    const MissingProfileFixer fixer(session.database(), schema, plan);
    QString error;
    const ProfileCounts before = fixer.counts(&error);
    if (!error.isEmpty())
        return fail(error);

    if (isSet(QStringLiteral("dry-run"))) {
        if (json()) {
            QJsonObject object = schema.toJson();
            object.insert(QStringLiteral("users"), before.users);
            object.insert(QStringLiteral("missing"), before.missing);
            object.insert(QStringLiteral("would_create"), before.missing);
            object.insert(QStringLiteral("created"), 0);
            object.insert(QStringLiteral("plan"), plan.toJson());
            object.insert(QStringLiteral("sql"), fixer.previewSql());
            printJson(object);
        }
        QTextStream &out = human();
        SchemaCommand::printPlan(out, schema, plan);
        out << "\nWould create " << formatCount(before.missing)
            << " profiles (dry run, nothing written) with:\n"
            << fixer.previewSql() << ";\n"
            << Qt::flush;
        return Success;
    }

    const auto report = [&](qint64 created, qint64 missingAfter, double seconds) {
        if (json()) {
            printJson({{QStringLiteral("created"), created},
                       {QStringLiteral("users"), before.users},
                       {QStringLiteral("missing_before"), before.missing},
                       {QStringLiteral("missing_after"), missingAfter},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("user_table"), schema.userTable.display()},
                       {QStringLiteral("profile_table"), schema.profileTable.display()},
                       {QStringLiteral("link_column"), schema.linkColumn}});
        }
    };

    if (before.missing == 0) {
        report(0, 0, 0);
        human() << "Nothing to do: all " << formatCount(before.users) << " users have a profile." << Qt::endl;
        return Success;
    }

    // Refuse before the first write (and before asking) when this connection cannot write at all.
    const WriteAccess &access = session.writeAccess();
    if (!access.canCreate())
        return fail(QStringLiteral("Cannot create profiles in %1: %2; nothing was written.")
                        .arg(schema.profileTable.display(), access.createProblem()));

    if (!isSet(QStringLiteral("yes"))) {
        if (!m_io.interactive)
            return fail(
                QStringLiteral("Not writing without confirmation: no terminal to ask on. Pass --yes to "
                               "create %1 profiles, or --dry-run to see the plan.")
                    .arg(formatCount(before.missing)));
        SchemaCommand::printPlan(m_io.err, schema, plan);
        if (!confirm(before.missing, schema)) {
            m_io.err << "Nothing written." << Qt::endl;
            return Success;
        }
    }

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
    const FixResult result = runner.createMissingNow(session.connection(), schema, plan);
    if (m_io.interactive)
        m_io.err << "\r" << QString(24, QLatin1Char(' ')) << "\r" << Qt::flush;
    if (!result.ok)
        return fail(result.errorText);

    const ProfileCounts after = fixer.counts(&error);
    if (!error.isEmpty())
        return fail(
            QStringLiteral("The profiles were created, but counting afterwards failed: %1").arg(error));
    report(result.created, after.missing, result.seconds);
    human() << "Created " << formatCount(result.created) << " profiles in " << schema.profileTable.display()
            << " in " << QString::number(result.seconds, 'f', 2) << " s; " << formatCount(after.missing)
            << " users without a profile remain." << Qt::endl;
    return Success;
}
