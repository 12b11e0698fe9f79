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

namespace {

// Profiles per SELECT of the closing report: SQLite allows 500 terms in one compound SELECT.
constexpr qsizetype ReportedPerSelect = 100;

} // namespace

bool EditsScript::render(const ProfileSaver::RowEdit &edit, Row *row, QString *error) const
{
    const QList<ProfilesQuery::Column> &columns = m_query.columns();
    const ProfilesQuery::Column &key = columns.at(m_query.keyColumn());
    row->key = m_engine.sqlLiteral(edit.key, key.family, error);
    if (row->key.isEmpty())
        return false;
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
            return false;
        }
        row->assignments << QStringLiteral("%1 = %2").arg(name, value);
        row->guards << m_engine.notDistinct(name, stored, column.family);
        row->written << m_engine.notDistinct(name, value, column.family);
    }
    return true;
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
    text += QStringLiteral(
        "-- Each profile is written only if the edited columns still hold what the grid "
        "showed;\n-- a profile changed meanwhile is left as it is and listed at the end. Run it "
        "so that it stops\n-- at the first error: psql -v ON_ERROR_STOP=1 -1 -f FILE, "
        "sqlite3 -bail DATABASE '.read FILE',\n-- or mariadb DATABASE < FILE.\n");
    if (!m_engine.scriptEncoding().isEmpty())
        text += m_engine.scriptEncoding() + QLatin1Char('\n');
    text += QStringLiteral("BEGIN;\n");
    const QString table = m_engine.quoteTable(m_query.schema().profileTable);
    const QString key = m_engine.quoteIdentifier(m_query.columns().at(m_query.keyColumn()).name);
    QStringList unwritten;
    for (const ProfileSaver::RowEdit &edit : edits) {
        if (edit.columns.isEmpty())
            continue;
        Row row;
        if (!render(edit, &row, error))
            return {};
        text += QStringLiteral("UPDATE %1 SET %2\n    WHERE %3 = %4 AND %5;\n")
                    .arg(table, row.assignments.join(QStringLiteral(", ")), key, row.key,
                         row.guards.join(QStringLiteral(" AND ")));
        unwritten << QStringLiteral(
                         "SELECT %1 AS %2 WHERE NOT EXISTS (SELECT 1 FROM %3 WHERE %4 = %1 AND %5)")
                         .arg(row.key, m_engine.quoteIdentifier(QStringLiteral("profile not written")), table,
                              key, row.written.join(QStringLiteral(" AND ")));
    }
    // Never a silent skip: the profiles left as they were are listed before the end.
    text += QStringLiteral(
        "-- The profiles left as they were because they changed meanwhile (none: all written):\n");
    for (qsizetype i = 0; i < unwritten.size(); i += ReportedPerSelect)
        text +=
            unwritten.mid(i, ReportedPerSelect).join(QStringLiteral("\nUNION ALL ")) + QStringLiteral(";\n");
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
