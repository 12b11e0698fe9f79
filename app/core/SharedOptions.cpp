#include "SharedOptions.h"

#include "FillPlan.h"

QList<QCommandLineOption> SharedOptions::all()
{
    return {
        {QStringLiteral("demo"), QStringLiteral("Use the demo database (made on first use).")},
        {QStringLiteral("user-table"), QStringLiteral("The user table, if discovery should not guess."),
         QStringLiteral("TABLE")},
        {QStringLiteral("profile-table"),
         QStringLiteral("A profile table to act on (repeatable); without it, every table with a one-to-one "
                        "link to the user table is one."),
         QStringLiteral("TABLE")},
        {QStringLiteral("link-column"),
         QStringLiteral("The profile column that points to the user (with at most one --profile-table)."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("set"),
         QStringLiteral("The value new profiles get in COLUMN (repeatable); TABLE.COLUMN=VALUE when several "
                        "tables are acted on."),
         QStringLiteral("COLUMN=VALUE")},
        {QStringLiteral("django"),
         QStringLiteral("Django-aware mode: the database and the models' own defaults come from this "
                        "project's manage.py, run with its own Python."),
         QStringLiteral("PATH/manage.py")},
        {QStringLiteral("python"),
         QStringLiteral("The project's Python (with --django); default: venv/, .venv/ or env/ next to "
                        "manage.py, else python3."),
         QStringLiteral("INTERPRETER")},
    };
}

SharedOptions SharedOptions::read(const QCommandLineParser &parser, QString *error)
{
    SharedOptions options;
    options.demo = parser.isSet(QStringLiteral("demo"));
    options.discovery.userTable = parser.value(QStringLiteral("user-table"));
    options.discovery.profileTables = parser.values(QStringLiteral("profile-table"));
    options.discovery.linkColumn = parser.value(QStringLiteral("link-column"));
    options.fillValues = FillPlan::parseAssignments(parser.values(QStringLiteral("set")), error);
    options.django = parser.value(QStringLiteral("django"));
    options.python = parser.value(QStringLiteral("python"));
    if (!options.python.isEmpty() && options.django.isEmpty() && error->isEmpty())
        *error = QStringLiteral("--python goes with --django PATH/manage.py.");
    return options;
}

QMap<QString, QString> SharedOptions::fillValuesFor(const QMap<QString, QString> &fillValues,
                                                    const QList<ProfileSchema> &actedOn,
                                                    const ProfileSchema &table, QString *error)
{
    QMap<QString, QString> values;
    for (auto it = fillValues.cbegin(); it != fillValues.cend(); ++it) {
        const QString &target = it.key();
        const qsizetype dot = target.lastIndexOf(QLatin1Char('.'));
        if (dot < 0) {
            // A bare column could mean a column of any table acted on, so it is taken only when there is one.
            if (actedOn.size() != 1) {
                *error = QStringLiteral("--set %1=… names no table, and %2 tables are acted on; write "
                                        "--set TABLE.%1=VALUE.")
                             .arg(target)
                             .arg(actedOn.size());
                return {};
            }
            values.insert(target, it.value());
            continue;
        }
        const QString tableText = target.left(dot);
        bool known = false;
        for (const ProfileSchema &schema : actedOn) {
            const TableName wanted = TableName::fromUserText(tableText);
            const bool same =
                schema.profileTable.display() == tableText || schema.profileTable.name == tableText ||
                (schema.profileTable.name == wanted.name && schema.profileTable.schema == wanted.schema);
            if (!same)
                continue;
            known = true;
            if (schema.profileTable == table.profileTable && schema.linkColumn == table.linkColumn)
                values.insert(target.mid(dot + 1), it.value());
        }
        if (!known) {
            QStringList names;
            for (const ProfileSchema &schema : actedOn)
                names << schema.profileTable.display();
            *error = QStringLiteral("--set %1=… names the table \"%2\", which is not acted on (%3).")
                         .arg(target, tableText, names.join(QStringLiteral(", ")));
            return {};
        }
    }
    return values;
}
