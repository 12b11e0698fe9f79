#include "ProfileSaver.h"

#include "ColumnValues.h"
#include "DatabaseEngine.h"
#include "SqlFailure.h"

namespace {

// Reported values are keyed by the profile key's text: QVariant is not hashable, and keys are integers or
// UUIDs.
QString keyText(const QVariant &key)
{
    return key.toString();
}

} // namespace

ProfileSaver::ProfileSaver(const QSqlDatabase &db, const ProfilesQuery &query)
    : m_db(db)
    , m_query(query)
    , m_engine(DatabaseEngine::of(db))
{}

QString ProfileSaver::messageOf(const QSqlError &error) const
{
    return SqlFailure(error, m_engine).message();
}

void ProfileSaver::forgetReported(const QVariant &key)
{
    m_reported.remove(keyText(key));
}

void ProfileSaver::takeAsStored(const QList<RowEdit> &edits)
{
    // In the grid's types, as checkUnchanged() compares them.
    for (const RowEdit &edit : edits) {
        QVariantMap &reported = m_reported[keyText(edit.key)];
        for (qsizetype i = 0; i < edit.columns.size(); ++i) {
            const ProfilesQuery::Column &column = m_query.columns().at(edit.columns.at(i));
            reported.insert(column.name, ColumnValues::fromDatabase(edit.values.at(i), column.family));
        }
    }
}

bool ProfileSaver::update(const RowEdit &edit)
{
    if (edit.columns.isEmpty())
        return true;
    const QList<ProfilesQuery::Column> &columns = m_query.columns();
    // Frees the previous statement, which succeeded: save() stops at the first failure.
    m_statement = QSqlQuery(m_db);
    QSqlQuery &update = m_statement;
    if (!update.prepare(m_query.updateStatement(edit.columns))) {
        m_lastError = update.lastError();
        return false;
    }
    for (qsizetype i = 0; i < edit.columns.size(); ++i)
        update.addBindValue(m_engine.toStorage(edit.values.at(i), columns.at(edit.columns.at(i)).family));
    update.addBindValue(edit.key);
    if (!update.exec()) {
        m_lastError = update.lastError();
        return false;
    }
    return true;
}

bool ProfileSaver::checkUnchanged(const RowEdit &edit, Conflicts *conflicts)
{
    if (edit.columns.isEmpty())
        return true;
    const QList<ProfilesQuery::Column> &columns = m_query.columns();
    m_statement = QSqlQuery(m_db);
    QSqlQuery &check = m_statement;
    check.prepare(m_query.lockedReadStatement(edit.columns));
    check.addBindValue(edit.key);
    if (!check.exec()) {
        m_lastError = check.lastError();
        return false;
    }
    if (!check.next()) {
        conflicts->deleted = true;
        conflicts->sentences << QStringLiteral("Profile %1 no longer exists; someone deleted it meanwhile.")
                                    .arg(edit.key.toString());
        return true;
    }
    // Read by the same driver as the page, so an unchanged value compares equal whatever its precision.
    const QVariantMap reported = m_reported.value(keyText(edit.key));
    QStringList changes;
    for (int i = 0; i < edit.columns.size(); ++i) {
        const ProfilesQuery::Column &column = columns.at(edit.columns.at(i));
        const QVariant now = ColumnValues::fromDatabase(check.value(i), column.family);
        const QVariant shown = reported.contains(column.name)
                                   ? reported.value(column.name)
                                   : ColumnValues::fromDatabase(edit.stored.at(i), column.family);
        if (ColumnValues::same(now, shown))
            continue;
        changes << QStringLiteral("%1 is now %2").arg(column.name, ColumnValues::describe(now));
        conflicts->found[keyText(edit.key)].insert(column.name, now);
    }
    if (!changes.isEmpty())
        conflicts->sentences << QStringLiteral("Profile %1 was changed by someone else meanwhile: %2.")
                                    .arg(edit.key.toString(), changes.join(QStringLiteral(", ")));
    return true;
}

QString ProfileSaver::conflictMessage(const Conflicts &conflicts) const
{
    QString message = QStringLiteral("Nothing was saved: %1 Your edits are kept.")
                          .arg(conflicts.sentences.join(QLatin1Char(' ')));
    if (!conflicts.found.isEmpty())
        message += QStringLiteral(" Save again to write them over those changes.");
    if (conflicts.deleted)
        message += QStringLiteral(" Revert the edits of deleted profiles to save the others.");
    return message;
}

int ProfileSaver::refusedColumn(const QList<RowEdit> &edits, qsizetype failed)
{
    QSqlQuery control(m_db);
    bool ok = m_engine.beginRowUpdate(control);
    for (qsizetype i = 0; ok && i < failed; ++i)
        ok = update(edits.at(i));
    int found = -1;
    const RowEdit &edit = edits.at(failed);
    for (qsizetype i = 0; ok && found < 0 && i < edit.columns.size(); ++i) {
        ok = control.exec(QStringLiteral("SAVEPOINT pa_column_probe"));
        if (ok && !update({edit.key, {edit.columns.at(i)}, {edit.stored.at(i)}, {edit.values.at(i)}}))
            found = edit.columns.at(i);
        ok = ok && control.exec(QStringLiteral("ROLLBACK TO SAVEPOINT pa_column_probe"));
        // Freed after the rollback to the savepoint: PostgreSQL frees no statement in a failed transaction.
        m_statement = QSqlQuery();
    }
    control.exec(QStringLiteral("ROLLBACK"));
    m_statement = QSqlQuery();
    return found;
}

bool ProfileSaver::save(const QList<RowEdit> &edits, QString *error)
{
    m_lastError = QSqlError();
    m_refusal = Refusal();
    QSqlQuery control(m_db);
    // The engine locks against other writers, and bounds the wait for a row someone else keeps locked.
    if (!m_engine.beginRowUpdate(control)) {
        *error = QStringLiteral("Could not start a transaction, nothing was saved: %1")
                     .arg(messageOf(control.lastError()));
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    // Every edited row is checked before any is written, so that one save reports every conflict. The
    // writes are ours, not QSqlTableModel::submitAll()'s: it marks each row it wrote as saved, and after a
    // rollback it would not send them again (tst_models pins this down), so a failure would lose edits.
    Conflicts conflicts;
    bool ok = true;
    for (qsizetype i = 0; ok && i < edits.size(); ++i)
        ok = checkUnchanged(edits.at(i), &conflicts);
    qsizetype failedWrite = -1;
    for (qsizetype i = 0; ok && conflicts.sentences.isEmpty() && i < edits.size(); ++i) {
        ok = update(edits.at(i));
        if (!ok)
            failedWrite = i;
    }
    QString message = ok ? QString() : messageOf(m_lastError);
    if (ok && conflicts.sentences.isEmpty()) {
        ok = control.exec(QStringLiteral("COMMIT"));
        message = messageOf(control.lastError());
    }
    if (ok && conflicts.sentences.isEmpty()) {
        m_statement = QSqlQuery();
        return true;
    }
    control.exec(QStringLiteral("ROLLBACK"));
    m_statement = QSqlQuery();
    if (!ok && failedWrite >= 0) {
        const SqlFailure::Kind kind = SqlFailure(m_lastError, m_engine).kind();
        const QSqlError writeError = m_lastError;
        const RowEdit &edit = edits.at(failedWrite);
        // A refused value, not a lost or locked database: find the cell to show.
        if (kind == SqlFailure::Kind::Constraint || kind == SqlFailure::Kind::Other)
            m_refusal = {edit.key, refusedColumn(edits, failedWrite)};
        m_lastError = writeError;
        if (m_refusal.column >= 0) {
            *error = QStringLiteral("The database refused %1 of profile %2, nothing was saved: %3")
                         .arg(m_query.columns().at(m_refusal.column).name, edit.key.toString(), message);
        } else {
            QStringList names;
            for (const int column : edit.columns)
                names << m_query.columns().at(column).name;
            *error =
                QStringLiteral("The database refused the changes of profile %1 (%2), nothing was saved: %3")
                    .arg(edit.key.toString(), names.join(QStringLiteral(", ")), message);
        }
        return false;
    }
    if (!ok) {
        *error = QStringLiteral("The database refused the changes, nothing was saved: %1").arg(message);
        return false;
    }
    // Told now, so the next save may write over these values.
    for (auto it = conflicts.found.cbegin(); it != conflicts.found.cend(); ++it)
        m_reported[it.key()].insert(*it);
    *error = conflictMessage(conflicts);
    return false;
}
