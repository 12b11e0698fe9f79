#include "CheckCommand.h"

#include "PrometheusMetrics.h"

#include <QDateTime>
#include <QJsonArray>

QString CheckCommand::summary() const
{
    return QStringLiteral(
        "Count the users that have no profile, in every profile table. Exit 0: none missing; "
        "1: some missing; 2: error. With --format prometheus: exit 0 whenever the metrics were written.");
}

void CheckCommand::addOptions(QCommandLineParser &parser)
{
    Command::addOptions(parser);
    parser.addOptions({
        {{QStringLiteral("q"), QStringLiteral("quiet")},
         QStringLiteral("Print nothing when no user is missing a profile (for cron mail).")},
        {QStringLiteral("format"),
         QStringLiteral("Output format: text (the default) or prometheus (node_exporter's textfile collector "
                        "format, on stdout: write it to a temporary file, then move it into place)."),
         QStringLiteral("FORMAT"), QStringLiteral("text")},
    });
}

QString CheckCommand::invalidOptions() const
{
    const QString format = value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("prometheus"))
        return QStringLiteral("--format takes text or prometheus, not \"%1\"").arg(format);
    if (prometheus() && json())
        return QStringLiteral("give --json or --format prometheus, not both");
    return {};
}

bool CheckCommand::prometheus() const
{
    return value(QStringLiteral("format")) == QLatin1String("prometheus");
}

void CheckCommand::failing()
{
    // The collector then shows that the check failed, and when, instead of old counts.
    if (prometheus())
        m_io.out << PrometheusMetrics::failed(elapsedSeconds(), QDateTime::currentSecsSinceEpoch())
                 << Qt::flush;
}

int CheckCommand::run(DatabaseSession &session, const QList<TablePlan> &tables)
{
    QList<ProfileCounts> counts;
    for (const TablePlan &table : tables) {
        QString error;
        counts.append(MissingProfileFixer(session.database(), table.schema, table.plan).counts(&error));
        if (!error.isEmpty())
            return fail(error);
    }
    // The top-level keys describe the primary table, as they did when there was only one.
    qsizetype primary = 0;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (tables.at(i).primary)
            primary = i;
    }
    bool anyMissing = false;
    QJsonArray perTable;
    QList<PrometheusMetrics::Table> metrics;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        const ProfileSchema &schema = tables.at(i).schema;
        anyMissing = anyMissing || counts.at(i).missing > 0;
        perTable.append(QJsonObject{{QStringLiteral("profile_table"), schema.profileTable.display()},
                                    {QStringLiteral("link_column"), schema.linkColumn},
                                    {QStringLiteral("missing"), counts.at(i).missing},
                                    {QStringLiteral("primary"), tables.at(i).primary}});
        metrics.append({schema.profileTable.display(), counts.at(i).missing});
    }
    if (prometheus()) {
        // Whether users are missing is the metrics' to say: exit 0 lets "> file.tmp && mv" move them in.
        m_io.out << PrometheusMetrics::counted(counts.at(primary).users, metrics, elapsedSeconds(),
                                               QDateTime::currentSecsSinceEpoch())
                 << Qt::flush;
        return Success;
    }
    if (!anyMissing && isSet(QStringLiteral("quiet")))
        return Success;
    if (json()) {
        const ProfileSchema &schema = tables.at(primary).schema;
        printJson({{QStringLiteral("users"), counts.at(primary).users},
                   {QStringLiteral("missing"), counts.at(primary).missing},
                   {QStringLiteral("user_table"), schema.userTable.display()},
                   {QStringLiteral("profile_table"), schema.profileTable.display()},
                   {QStringLiteral("link_column"), schema.linkColumn},
                   {QStringLiteral("tables"), perTable}});
    }
    // One line per table, the primary one first.
    QList<qsizetype> order{primary};
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (i != primary)
            order.append(i);
    }
    for (const qsizetype i : order) {
        const ProfileSchema &schema = tables.at(i).schema;
        human() << formatCount(counts.at(i).users) << " users in " << schema.userTable.display() << ", "
                << formatCount(counts.at(i).missing) << " without a profile in "
                << schema.profileTable.display() << "." << schema.linkColumn << Qt::endl;
    }
    return anyMissing ? Found : Success;
}
