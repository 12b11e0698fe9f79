#include "FixScript.h"

#include "DatabaseEngine.h"
#include "MissingProfileFixer.h"

#include <QSaveFile>
#include <QStringList>

FixScript::FixScript(const QSqlDatabase &db, const QList<ProfileSchema> &schemas,
                     const QList<FillPlan> &plans)
    : m_db(db)
    , m_schemas(schemas)
    , m_plans(plans)
{}

QString FixScript::script(const QString &database, const QDateTime &now, QString *error) const
{
    const DatabaseEngine &engine = DatabaseEngine::of(m_db);
    QStringList tables;
    QStringList inserts;
    for (qsizetype i = 0; i < m_schemas.size(); ++i) {
        const ProfileSchema &schema = m_schemas.at(i);
        const FillPlan &plan = m_plans.value(i);
        const QString table = schema.profileTable.display();
        if (!plan.isValid()) {
            *error = m_schemas.size() > 1 ? QStringLiteral("%1: %2").arg(table, plan.errorText())
                                          : plan.errorText();
            return {};
        }
        QString literalError;
        const QString statement = MissingProfileFixer(m_db, schema, plan).literalStatement(&literalError);
        if (statement.isEmpty()) {
            *error = QStringLiteral("%1: %2").arg(table, literalError);
            return {};
        }
        tables << table;
        inserts << QStringLiteral("-- %1: every user without a row gets one (link %2).\n%3;\n")
                       .arg(table, schema.linkColumn, statement);
    }
    if (inserts.isEmpty()) {
        *error = QStringLiteral("No profile table to write a script for.");
        return {};
    }
    QString text;
    text += QStringLiteral("-- The missing profiles of %1, created as profile-admin fix creates them.\n")
                .arg(tables.join(QStringLiteral(", ")));
    text += QStringLiteral("-- Database: %1 (%2)\n").arg(database, engine.displayName());
    text += QStringLiteral("-- Written: %1\n").arg(now.toUTC().toString(Qt::ISODate));
    text += QStringLiteral(
        "-- One transaction: every table's profiles or none. A user who got a profile meanwhile is skipped\n"
        "-- by NOT EXISTS and the guard on the link's unique key, never duplicated; running it twice "
        "creates\n"
        "-- nothing more. Run it so that it stops at the first error: psql -v ON_ERROR_STOP=1 -1 -f FILE,\n"
        "-- sqlite3 -bail DATABASE < FILE, or mariadb DATABASE < FILE.\n");
    if (!engine.scriptEncoding().isEmpty())
        text += engine.scriptEncoding() + QLatin1Char('\n');
    const QStringList begin = engine.bulkInsertStatements() + engine.keyRangeBatchStatements();
    for (const QString &statement : begin)
        text += statement + QStringLiteral(";\n");
    text += inserts.join(QString());
    text += QStringLiteral("COMMIT;\n");
    return text;
}

bool FixScript::save(const QString &fileName, const QString &database, QString *error) const
{
    const QString text = script(database, QDateTime::currentDateTimeUtc(), error);
    if (text.isEmpty())
        return false;
    const QByteArray bytes = text.toUtf8();
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    return true;
}
