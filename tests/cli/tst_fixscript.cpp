// `profile-admin fix --sql FILE` writes the transaction fix runs, with literals: the file is run by the
// engine's own client (psql -1, sqlite3, mariadb) on one database and `fix --yes` runs on a twin, and both
// end with the same rows, judged by SQL and by the Django site's ORM. Values with quotes, backslashes and
// non-ASCII text go through --set, so the literals' escaping is tested for real; a script that fails
// half-way leaves nothing written.
#include "CliRun.h"
#include "SqlClient.h"
#include "TestDatabase.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = CliRun::Result;

const QString SettingsTable = QStringLiteral("notifications_notificationsettings");
// Quotes, a backslash (literal in a standard SQL string), a percent sign and text outside Latin-1.
const QString AwkwardPhoto =
    QStringLiteral("O'Brien \\ \"quoted\" 100% caf\u00e9 \u6f22\u5b57 \U0001F600.png");
const QString AwkwardToken = QStringLiteral("it''s \\n");

// The rows `sql` returns, read on a connection of the test's own.
QList<QSqlRecord> select(const TestDatabase &db, const QString &sql, QString *error)
{
    const QString name = QStringLiteral("rows-%1").arg(reinterpret_cast<quintptr>(&db));
    QList<QSqlRecord> rows;
    {
        QSqlDatabase connection = QSqlDatabase::addDatabase(db.isPostgres()  ? QStringLiteral("QPSQL")
                                                            : db.isMariadb() ? QStringLiteral("QMYSQL")
                                                                             : QStringLiteral("QSQLITE"),
                                                            name);
        connection.setDatabaseName(db.databaseName());
        if (db.isPostgres() || db.isMariadb()) {
            connection.setHostName(QStringLiteral("127.0.0.1"));
            connection.setPort(db.isMariadb() ? TestDatabase::mariadbPort().toInt()
                                              : TestDatabase::pgPort().toInt());
            connection.setUserName(db.isMariadb() ? QStringLiteral("root") : QStringLiteral("postgres"));
        }
        QSqlQuery query(connection);
        if (!connection.open() || !query.exec(sql)) {
            *error = query.lastError().text() + connection.lastError().text();
        } else {
            while (query.next())
                rows << query.record();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

// The link values of `table`'s rows.
QStringList linksOf(const TestDatabase &db, const QString &table, QString *error)
{
    QStringList links;
    for (const QSqlRecord &record : select(db, QStringLiteral("SELECT user_id FROM %1").arg(table), error))
        links << record.value(0).toString();
    return links;
}

// The rows of `table` whose link is not in `before` (the rows a fix created), ordered by link, each as its
// columns' text without `skipped` columns (keys the database numbers itself); `perRow` columns must hold a
// value, whatever it is.
QStringList createdRows(const TestDatabase &db, const QString &table, const QStringList &before,
                        const QStringList &skipped, const QStringList &perRow, QString *error)
{
    QStringList rows;
    const QList<QSqlRecord> records =
        select(db, QStringLiteral("SELECT * FROM %1 ORDER BY user_id").arg(table), error);
    for (const QSqlRecord &record : records) {
        if (before.contains(record.value(QStringLiteral("user_id")).toString()))
            continue;
        QStringList values;
        for (int i = 0; i < record.count(); ++i) {
            if (skipped.contains(record.fieldName(i)))
                continue;
            if (perRow.contains(record.fieldName(i))) {
                if (record.isNull(i))
                    *error = QStringLiteral("%1.%2 is NULL").arg(table, record.fieldName(i));
                continue;
            }
            values << record.fieldName(i) + QLatin1Char('=') +
                          (record.isNull(i) ? QStringLiteral("NULL") : record.value(i).toString());
        }
        rows << values.join(QStringLiteral(", "));
    }
    return rows;
}

// The columns of a table's plan (schema --json) of `kind`: "default" or "expression".
QStringList planColumns(const QJsonArray &tables, const QString &table, const QString &kind)
{
    QStringList columns;
    for (const auto &entry : tables) {
        if (entry.toObject().value(u"profile_table").toString() != table)
            continue;
        for (const auto &fill : entry.toObject().value(u"plan").toArray()) {
            if (fill.toObject().value(u"kind").toString() == kind)
                columns << fill.toObject().value(u"column").toString();
        }
    }
    return columns;
}

} // namespace

class TestFixScript : public QObject
{
    Q_OBJECT

private slots:
    void scriptDoesWhatFixDoes_data() { TestDatabase::addEngineData(); }
    void scriptDoesWhatFixDoes();
    void scriptToStdoutRunsNothing_data() { TestDatabase::addEngineData(); }
    void scriptToStdoutRunsNothing();
    void profileMadeMeanwhileIsSkipped();
    void scriptStopsAtTheFirstError_data() { TestDatabase::addEngineData(); }
    void scriptStopsAtTheFirstError();
};

void TestFixScript::scriptDoesWhatFixDoes()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(scripted, engine, QStringLiteral("two_profiles"), QStringLiteral("script"));
    PA_TEST_DATABASE(fixed, engine, QStringLiteral("two_profiles"), QStringLiteral("fixed"));
    QString error;
    for (const TestDatabase *db : {&scripted, &fixed}) {
        QVERIFY2(db->migrate(&error), qPrintable(error));
        QVERIFY2(db->seed(20, 10, &error), qPrintable(error));
    }
    // The same users lack the same rows in both: seed() spreads them the same way.
    const QList<QStringList> linksBefore{linksOf(scripted, QStringLiteral("account_profile"), &error),
                                         linksOf(scripted, SettingsTable, &error)};
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(linksOf(fixed, SettingsTable, &error), linksBefore.at(1));
    const QStringList options{QStringLiteral("--all"),
                              QStringLiteral("--set"),
                              QStringLiteral("account_profile.photo=") + AwkwardPhoto,
                              QStringLiteral("--set"),
                              SettingsTable + QStringLiteral(".unsubscribe_token=") + AwkwardToken,
                              QStringLiteral("--set"),
                              SettingsTable + QStringLiteral(".max_per_day=7")};

    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("fix.sql"));
    const Run written = CliRun::run(
        QStringList{QStringLiteral("fix"), scripted.url(), QStringLiteral("--sql"), script} + options);
    QVERIFY2(written.exitCode == 0, written.describe());
    QVERIFY2(written.err.contains("nothing was run"), written.describe());
    // Writing it ran nothing.
    QCOMPARE(scripted.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 10);

    QFile file(script);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    const QLatin1String begin =
        scripted.isMariadb() ? QLatin1String("START TRANSACTION;") : QLatin1String("BEGIN");
    QVERIFY2(text.contains(begin) && text.trimmed().endsWith(QLatin1String("COMMIT;")), qPrintable(text));
    const QLatin1String guard =
        scripted.isMariadb() ? QLatin1String("\nON DUPLICATE KEY UPDATE") : QLatin1String("\nON CONFLICT");
    QVERIFY2(text.count(QLatin1String("\nINSERT INTO")) == 2 && text.count(guard) == 2, qPrintable(text));
    QVERIFY2(text.count(QLatin1String("\nCOMMIT;")) == 1, qPrintable(text));
    if (scripted.isPostgres()) {
        // The session settings fix runs with.
        QVERIFY2(text.contains(QLatin1String("SET LOCAL enable_nestloop = off;")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("SET CONSTRAINTS ALL IMMEDIATE;")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("SET client_encoding = 'UTF8';")), qPrintable(text));
    } else if (scripted.isMariadb()) {
        // Strict mode, so that the client refuses a bad value instead of storing another with a warning.
        QVERIFY2(text.contains(QLatin1String("SET NAMES utf8mb4;")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("STRICT_ALL_TABLES")), qPrintable(text));
    } else {
        QVERIFY2(text.contains(QLatin1String("BEGIN IMMEDIATE;")), qPrintable(text));
    }
    // Per-row values stay expressions, never one literal for every row.
    QVERIFY2(text.contains(scripted.engine() == QLatin1String("sqlite") ? QLatin1String("strftime(")
                                                                        : QLatin1String("CURRENT_TIMESTAMP")),
             qPrintable(text));

    QString output;
    QVERIFY2(runWithClient(scripted, script, &output), qPrintable(output));
    const Run fix =
        CliRun::run(QStringList{QStringLiteral("fix"), fixed.url(), QStringLiteral("--yes")} + options);
    QVERIFY2(fix.exitCode == 0, fix.describe());

    const Run schema = CliRun::run({QStringLiteral("schema"), fixed.url(), QStringLiteral("--json")});
    QVERIFY2(schema.exitCode == 0, schema.describe());
    const QJsonArray tables = schema.json().value(u"tables").toArray();
    for (qsizetype i = 0; i < 2; ++i) {
        const QString table = i == 0 ? QStringLiteral("account_profile") : SettingsTable;
        const QStringList skipped = planColumns(tables, table, QStringLiteral("default"));
        const QStringList perRow = planColumns(tables, table, QStringLiteral("expression"));
        QVERIFY2(!skipped.isEmpty(), schema.describe());
        const QStringList byScript = createdRows(scripted, table, linksBefore.at(i), skipped, perRow, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList byFix = createdRows(fixed, table, linksBefore.at(i), skipped, perRow, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(byScript.size(), i == 0 ? 10 : 15);
        QCOMPARE(byScript, byFix);
    }
    // MariaDB reads backslash escapes in a string literal: the backslash is doubled there.
    QString photoLiteral = AwkwardPhoto;
    photoLiteral.replace(QLatin1Char('\''), QLatin1String("''"));
    if (scripted.isMariadb())
        photoLiteral.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    QCOMPARE(
        scripted
            .queryValue(
                QStringLiteral("SELECT count(*) FROM account_profile WHERE photo = '%1'").arg(photoLiteral))
            .toInt(),
        10);
    QCOMPARE(
        scripted
            .queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE max_per_day = 7").arg(SettingsTable))
            .toInt(),
        15);

    // Django reads every row, in both tables, and no user lacks one.
    const QJsonObject verdict = scripted.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());

    // Run again, the script creates nothing and fails nothing.
    QVERIFY2(runWithClient(scripted, script, &output), qPrintable(output));
    QCOMPARE(scripted.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 20);
}

void TestFixScript::scriptToStdoutRunsNothing()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("stdout"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(6, 3, &error), qPrintable(error));
    const Run run =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--sql"), QStringLiteral("-")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.startsWith("-- ") && run.out.contains("INSERT INTO") && run.out.endsWith("COMMIT;\n"),
             run.describe());
    // Only the script on stdout; the note on stderr.
    QVERIFY2(run.err.contains("nothing was run") && !run.out.contains("nothing was run"), run.describe());
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 3);

    // --sql and --dry-run do not go together: a usage error.
    const Run both = CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--sql"),
                                  QStringLiteral("-"), QStringLiteral("--dry-run")});
    QVERIFY2(both.exitCode == 2 && both.err.contains("Try 'profile-admin fix --help'."), both.describe());
}

void TestFixScript::profileMadeMeanwhileIsSkipped()
{
    // A value the column refuses (too long for varchar(10)) fails the script's INSERT: the client stops and
    // nothing is left written.
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("two_profiles"), QStringLiteral("atomic"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(8, 4, &error), qPrintable(error));
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("fix.sql"));
    const Run written = CliRun::run(
        {QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--sql"), script});
    QVERIFY2(written.exitCode == 0, written.describe());
    // A profile made meanwhile for a user the script covers: skipped, not duplicated, no error.
    QVERIFY2(db.exec(QStringLiteral("INSERT INTO account_profile (user_id, photo) SELECT min(id), 'x' FROM "
                                    "auth_user u WHERE NOT EXISTS (SELECT 1 FROM account_profile p WHERE "
                                    "p.user_id = u.id)"),
                     &error),
             qPrintable(error));
    QString output;
    QVERIFY2(runWithClient(db, script, &output), qPrintable(output));
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 8);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(SettingsTable)).toInt(), 8);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile WHERE photo = 'x'")).toInt(),
             1);
}

void TestFixScript::scriptStopsAtTheFirstError()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("stops"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(8, 4, &error), qPrintable(error));
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("fix.sql"));
    const Run written = CliRun::run(
        {QStringLiteral("fix"), db.url(), QStringLiteral("--all"), QStringLiteral("--sql"), script});
    QVERIFY2(written.exitCode == 0, written.describe());
    const int settingsBefore =
        db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(SettingsTable)).toInt();

    // The settings table now refuses the value the script gives every new row: one INSERT fails, the client
    // stops there without a COMMIT, and the other table's INSERT is not kept either.
    QVERIFY2(db.refuseZeroMaxPerDay(&error), qPrintable(error));
    QString output;
    QVERIFY2(!runWithClient(db, script, &output), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("positive_max")) || output.contains(QLatin1String("max_per_day")),
             qPrintable(output));
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 4);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(SettingsTable)).toInt(),
             settingsBefore);
}

QTEST_GUILESS_MAIN(TestFixScript)
#include "tst_fixscript.moc"
