#include "CheckCommand.h"

QString CheckCommand::summary() const
{
    return QStringLiteral(
        "Count the users that have no profile. Exit 0: none missing; 1: some missing; 2: error.");
}

int CheckCommand::run(DatabaseSession &session, const FillPlan &plan)
{
    const ProfileSchema &schema = session.schema();
    const MissingProfileFixer fixer(session.database(), schema, plan);
    QString error;
    const ProfileCounts counts = fixer.counts(&error);
    if (!error.isEmpty())
        return fail(error);
    if (json()) {
        printJson({{QStringLiteral("users"), counts.users},
                   {QStringLiteral("missing"), counts.missing},
                   {QStringLiteral("user_table"), schema.userTable.display()},
                   {QStringLiteral("profile_table"), schema.profileTable.display()},
                   {QStringLiteral("link_column"), schema.linkColumn}});
    }
    human() << formatCount(counts.users) << " users in " << schema.userTable.display() << ", "
            << formatCount(counts.missing) << " without a profile in " << schema.profileTable.display() << "."
            << schema.linkColumn << Qt::endl;
    return counts.missing > 0 ? Found : Success;
}
