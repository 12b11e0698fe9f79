#include "EditsScript.h"

#include "ColumnValues.h"
#include "DatabaseEngine.h"
#include "ProfilesQuery.h"

#include <QSaveFile>
#include <QStringList>

EditsScript::EditsScript(const ProfilesQuery &query, const DatabaseEngine &engine)
    : m_query(query)
    , m_engine(engine)
{}

QString EditsScript::update(const ProfileSaver::RowEdit &edit, QString *error) const
{
    const QList<ProfilesQuery::Column> &columns = m_query.columns();
    const ProfilesQuery::Column &key = columns.at(m_query.keyColumn());
    QStringList assignments;
    QStringList guards;
    for (qsizetype i = 0; i < edit.columns.size(); ++i) {
        const ProfilesQuery::Column &column = columns.at(edit.columns.at(i));
        const QString name = m_engine.quoteIdentifier(column.name);
        // The new value as the save binds it; the stored one as the page read it.
        const QString value = m_engine.sqlLiteral(
            ColumnValues::toDatabase(edit.values.at(i), column.family, m_engine), column.family, error);
        const QString stored = m_engine.sqlLiteral(edit.stored.at(i), column.family, error);
        if (value.isEmpty() || stored.isEmpty()) {
            *error =
                QStringLiteral("Profile %1, column %2: %3").arg(edit.key.toString(), column.name, *error);
            return {};
        }
        assignments << QStringLiteral("%1 = %2").arg(name, value);
        guards << m_engine.notDistinct(name, stored);
    }
    const QString keyLiteral = m_engine.sqlLiteral(edit.key, key.family, error);
    if (keyLiteral.isEmpty())
        return {};
    return QStringLiteral("UPDATE %1 SET %2\n    WHERE %3 = %4 AND %5;\n")
        .arg(m_engine.quoteTable(m_query.schema().profileTable), assignments.join(QStringLiteral(", ")),
             m_engine.quoteIdentifier(key.name), keyLiteral, guards.join(QStringLiteral(" AND ")));
}

QString EditsScript::script(const QList<ProfileSaver::RowEdit> &edits, const QString &database,
                            const QDateTime &now, QString *error) const
{
    QString text;
    text += QStringLiteral("-- Edits of %1 held in profile-admin, not saved there.\n")
                .arg(m_query.schema().profileTable.display());
    text += QStringLiteral("-- Database: %1 (%2)\n").arg(database, m_engine.displayName());
    text += QStringLiteral("-- Written: %1\n").arg(now.toUTC().toString(Qt::ISODate));
    text += QStringLiteral("-- Profiles: %1\n").arg(edits.size());
    text += QStringLiteral("-- Each profile is written only if the edited columns still hold what the grid "
                           "showed;\n-- a profile changed meanwhile is left as it is (its UPDATE reports 0 "
                           "rows).\n");
    text += QStringLiteral("BEGIN;\n");
    for (const ProfileSaver::RowEdit &edit : edits) {
        if (edit.columns.isEmpty())
            continue;
        const QString statement = update(edit, error);
        if (statement.isEmpty())
            return {};
        text += statement;
    }
    text += QStringLiteral("COMMIT;\n");
    return text;
}

bool EditsScript::save(const QString &fileName, const QList<ProfileSaver::RowEdit> &edits,
                       const QString &database, QString *error) const
{
    const QString text = script(edits, database, QDateTime::currentDateTimeUtc(), error);
    if (text.isEmpty())
        return false;
    QSaveFile file(fileName);
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    return true;
}
