#include "CheckCommand.h"

#include <QJsonArray>

QString CheckCommand::summary() const
{
    return QStringLiteral(
        "Count the users that have no profile, in every profile table. Exit 0: none missing; "
        "1: some missing; 2: error.");
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
    for (qsizetype i = 0; i < tables.size(); ++i) {
        const ProfileSchema &schema = tables.at(i).schema;
        anyMissing = anyMissing || counts.at(i).missing > 0;
        perTable.append(QJsonObject{{QStringLiteral("profile_table"), schema.profileTable.display()},
                                    {QStringLiteral("link_column"), schema.linkColumn},
                                    {QStringLiteral("missing"), counts.at(i).missing},
                                    {QStringLiteral("primary"), tables.at(i).primary}});
    }
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
