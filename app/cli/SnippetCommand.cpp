#include "SnippetCommand.h"

#include "DjangoSnippet.h"

QString SnippetCommand::summary() const
{
    return QStringLiteral(
        "Print the Django code that keeps new users from arriving without a profile: a race-safe post_save "
        "receiver (get_or_create) per profile model, and the AppConfig.ready() that connects it. Exit 0: "
        "printed; 2: error.");
}

int SnippetCommand::run(DatabaseSession &session, const QList<TablePlan> &tables)
{
    QList<ProfileSchema> schemas;
    for (const TablePlan &table : tables)
        schemas.append(table.schema);
    const QString code = DjangoSnippet(session.database(), schemas).text();
    if (json())
        printJson({{QStringLiteral("code"), code}});
    else
        m_io.out << code << Qt::flush;
    return Success;
}
