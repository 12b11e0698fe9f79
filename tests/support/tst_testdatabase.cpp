// Self-test of the test support: TestDatabase, the Django site and the PostgreSQL fixture, on both engines
// and both schema variants. The other suites build on these guarantees.
#include "TestDatabase.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

namespace {

// The INSERT ... SELECT that profile-admin is meant to produce, written by hand: what Django needs per
// column.
QString fixSql(const TestDatabase &db)
{
    const QString notExists = QStringLiteral(" WHERE NOT EXISTS (SELECT 1 FROM %1 p WHERE p.%2 = u.id)");
    // MariaDB names no conflict target; NOT EXISTS alone keeps this single writer from duplicates.
    const QString guard = db.isMariadb() ? QString() : QStringLiteral(" ON CONFLICT (%1) DO NOTHING");
    if (db.variant() == QLatin1String("classic")) {
        return QStringLiteral("INSERT INTO account_profile (user_id, date_of_birth, photo) "
                              "SELECT u.id, NULL, '' FROM auth_user u") +
               notExists.arg(QStringLiteral("account_profile"), QStringLiteral("user_id")) +
               guard.arg(QStringLiteral("user_id"));
    }
    const QString values =
        db.isPostgres() ? QStringLiteral("'', '', false, 0, '{}'::jsonb, '', now(), NULL")
        : db.isMariadb()
            ? QStringLiteral("'', '', 0, 0, '{}', '', CURRENT_TIMESTAMP(6), NULL")
            : QStringLiteral("'', '', 0, 0, '{}', '', strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL");
    return QStringLiteral(
               "INSERT INTO members_memberprofile "
               "(owner_ref, bio, nickname, newsletter, karma, preferences, website, joined_at, birthday) "
               "SELECT u.id, ") +
           values + QStringLiteral(" FROM members_member u") +
           notExists.arg(QStringLiteral("members_memberprofile"), QStringLiteral("owner_ref")) +
           guard.arg(QStringLiteral("owner_ref"));
}

} // namespace

class TestTestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void migrateSeedVerify_data() { TestDatabase::addEngineVariantData(); }
    void migrateSeedVerify();
    void urlAndLifetime_data() { TestDatabase::addEngineVariantData(); }
    void urlAndLifetime();
    void rawSqlErrors();
    void postgresWithoutPortFails();
};

void TestTestDatabase::migrateSeedVerify()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("selftest"));
    QString error;

    QElapsedTimer timer;
    timer.start();
    QVERIFY2(db.migrate(&error), qPrintable(error));
    const qint64 migrated = timer.elapsed();
    QJsonObject summary;
    QVERIFY2(db.seed(200, 100, &error, &summary), qPrintable(error));
    const qint64 seeded = timer.elapsed();
    QCOMPARE(summary.value(u"users").toInt(), 200);
    QCOMPARE(summary.value(u"profiles").toInt(), 100);
    QCOMPARE(summary.value(u"first_id").toInt(), 1);

    QJsonObject verdict = db.verify(QString(), &error);
    const qint64 verified = timer.elapsed();
    qInfo("%s/%s: migrate %lld ms, seed(200) %lld ms, verify %lld ms", qPrintable(engine),
          qPrintable(variant), migrated, seeded - migrated, verified - seeded);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(verdict.value(u"users").toInt(), 200);
    QCOMPARE(verdict.value(u"profiles").toInt(), 100);
    QCOMPARE(verdict.value(u"missing").toInt(), 100);
    QCOMPARE(verdict.value(u"duplicates").toInt(), 0);
    QCOMPARE(verdict.value(u"invalid").toArray().size(), 0);
    QCOMPARE(verdict.value(u"access_errors_count").toInt(), 100);
    QCOMPARE(verdict.value(u"ok").toBool(), false);

    // Missing ones interleave: user 1 has none, user 2 has one.
    QCOMPARE(db.queryValue(QStringLiteral("SELECT COUNT(*) FROM ") + db.profileTable()).toInt(), 100);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 IN (1, 2)")
                               .arg(db.profileTable(), db.linkColumn()))
                 .toInt(),
             1);
    if (variant == QLatin1String("custom"))
        QVERIFY(db.queryValue(QStringLiteral("SELECT COUNT(*) FROM members_post")).toInt() > 0);

    // Fix by hand as the tool should, and Django is satisfied; the seeded profiles are untouched.
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));
    QVERIFY2(db.exec(fixSql(db), &error), qPrintable(error));
    verdict = db.verify(snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), 200);

    // Touching a seeded profile is reported as a change.
    const QString touch =
        db.variant() == QLatin1String("classic")
            ? QStringLiteral("UPDATE account_profile SET photo = '' WHERE user_id = 2")
            : QStringLiteral("UPDATE members_memberprofile SET karma = 8 WHERE owner_ref = 2");
    QVERIFY2(db.exec(touch, &error), qPrintable(error));
    verdict = db.verify(snapshot, &error);
    QCOMPARE(verdict.value(u"ok").toBool(), false);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 1);

    // Users added later continue the ids (PostgreSQL's sequence was moved past the seeded ids).
    QVERIFY2(db.seed(10, 0, &error, &summary), qPrintable(error));
    QCOMPARE(summary.value(u"first_id").toInt(), 201);
    QVERIFY2(
        db.exec(
            QStringLiteral("INSERT INTO %1 (password, is_superuser, username, first_name, last_name, "
                           "email, is_staff, is_active, date_joined%2) VALUES ('!', %3, 'by_sql', '', '', "
                           "'', %3, %3, CURRENT_TIMESTAMP%4)")
                .arg(db.userTable(),
                     db.variant() == QLatin1String("classic") ? QString() : QStringLiteral(", display_name"),
                     db.isPostgres() ? QStringLiteral("false") : QStringLiteral("0"),
                     db.variant() == QLatin1String("classic") ? QString() : QStringLiteral(", ''")),
            &error),
        qPrintable(error));
    verdict = db.verify();
    QCOMPARE(verdict.value(u"users").toInt(), 211);
    QCOMPARE(verdict.value(u"missing").toInt(), 11);
}

void TestTestDatabase::urlAndLifetime()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(first, engine, variant, QStringLiteral("Life-Time!"));
    const QString name = first.databaseName();
    QString error;

    if (first.isPostgres()) {
        QVERIFY(name.startsWith(QStringLiteral("pa_life_time__")));
        QCOMPARE(first.url(),
                 QStringLiteral("postgres://postgres@127.0.0.1:%1/%2").arg(TestDatabase::pgPort(), name));
    } else if (first.isMariadb()) {
        QVERIFY(name.startsWith(QStringLiteral("pa_life_time__")));
        QCOMPARE(first.url(),
                 QStringLiteral("mysql://root@127.0.0.1:%1/%2").arg(TestDatabase::mariadbPort(), name));
    } else {
        QVERIFY(QFileInfo(name).isAbsolute());
        QCOMPARE(first.url(), QStringLiteral("sqlite:///") + name);
        QVERIFY(first.url().startsWith(QStringLiteral("sqlite:////")));
    }
    QVERIFY2(first.exec(QStringLiteral("CREATE TABLE t (x integer)"), &error), qPrintable(error));

    // Moving hands the database over; the moved-from object owns nothing.
    TestDatabase second = std::move(first);
    QVERIFY(!first.isValid()); // NOLINT(bugprone-use-after-move): checking the moved-from state is the point
    QVERIFY(second.isValid());
    QCOMPARE(second.databaseName(), name);
    QVERIFY2(second.exec(QStringLiteral("INSERT INTO t VALUES (1)"), &error), qPrintable(error));

    PA_TEST_DATABASE(other, engine, variant, QStringLiteral("observer"));
    QVERIFY(other.databaseName() != name);
    const QString existsSql =
        (other.isMariadb()
             ? QStringLiteral("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '%1'")
             : QStringLiteral("SELECT COUNT(*) FROM pg_database WHERE datname = '%1'"))
            .arg(name);
    const bool server = other.isPostgres() || other.isMariadb();
    if (server)
        QCOMPARE(other.queryValue(existsSql).toInt(), 1);
    else
        QVERIFY(QFileInfo::exists(name));

    second = TestDatabase(); // destroys the database
    if (server)
        QCOMPARE(other.queryValue(existsSql).toInt(), 0);
    else
        QVERIFY(!QFileInfo::exists(name));
}

void TestTestDatabase::rawSqlErrors()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("errors"));
    QString error;
    QVERIFY(!db.exec(QStringList{QStringLiteral("CREATE TABLE a (x integer)"), QStringLiteral("SELEKT 1")},
                     &error));
    QVERIFY2(error.contains(QStringLiteral("SELEKT")), qPrintable(error));
    QVERIFY(!db.queryValue(QStringLiteral("SELECT x FROM a"), &error).isValid());
    QVERIFY(!db.django({QStringLiteral("no-such-command")}, nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("exit 2")), qPrintable(error));
    const QJsonObject verdict = db.verify(QString(), &error); // no tables: Django cannot judge
    QCOMPARE(verdict.value(u"ok").toBool(), false);
    QVERIFY(!verdict.value(u"error").toString().isEmpty());
}

void TestTestDatabase::postgresWithoutPortFails()
{
    const QByteArray saved = qgetenv("PA_TEST_PG_PORT");
    qunsetenv("PA_TEST_PG_PORT");
    TestDatabase db =
        TestDatabase::create(QStringLiteral("postgres"), QStringLiteral("classic"), QStringLiteral("x"));
    if (!saved.isNull())
        qputenv("PA_TEST_PG_PORT", saved);
    QVERIFY(!db.isValid());
    QVERIFY2(db.errorString().contains(QStringLiteral("PA_TEST_PG_PORT")), qPrintable(db.errorString()));
}

QTEST_GUILESS_MAIN(TestTestDatabase)
#include "tst_testdatabase.moc"
