#include "SharedOptions.h"

#include "FillPlan.h"

QList<QCommandLineOption> SharedOptions::all()
{
    return {
        {QStringLiteral("demo"), QStringLiteral("Use the demo database (made on first use).")},
        {QStringLiteral("user-table"), QStringLiteral("The user table, if discovery should not guess."),
         QStringLiteral("TABLE")},
        {QStringLiteral("profile-table"), QStringLiteral("The profile table, if discovery should not guess."),
         QStringLiteral("TABLE")},
        {QStringLiteral("link-column"), QStringLiteral("The profile column that points to the user."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("set"), QStringLiteral("The value new profiles get in COLUMN (repeatable)."),
         QStringLiteral("COLUMN=VALUE")},
    };
}

SharedOptions SharedOptions::read(const QCommandLineParser &parser, QString *error)
{
    SharedOptions options;
    options.demo = parser.isSet(QStringLiteral("demo"));
    options.discovery.userTable = parser.value(QStringLiteral("user-table"));
    options.discovery.profileTable = parser.value(QStringLiteral("profile-table"));
    options.discovery.linkColumn = parser.value(QStringLiteral("link-column"));
    options.fillValues = FillPlan::parseAssignments(parser.values(QStringLiteral("set")), error);
    return options;
}
