// DatabaseSession: the one way every front end opens a database. It connects, discovers the schema and finds
// out what the connection may write, and says in one sentence why when it cannot go on.
#include "CoreTest.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "TestDatabase.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using CoreTest::urlOf;

class TestDatabaseSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensConnectsDiscoversAndChecksAccess_data() { TestDatabase::addEngineVariantData(); }
    void opensConnectsDiscoversAndChecksAccess();
    void readOnlySessionSaysWhyItCannotWrite_data() { TestDatabase::addEngineData(); }
    void readOnlySessionSaysWhyItCannotWrite();
    void takesOverADiscoveryMadeElsewhere_data() { TestDatabase::addEngineData(); }
    void takesOverADiscoveryMadeElsewhere();
    void choosesAmongSeveralProfileTables_data() { TestDatabase::addEngineData(); }
    void choosesAmongSeveralProfileTables();
    void aFileThatIsNoDatabaseIsNotConnected();
    void aDatabaseThatIsNotDjangoIsConnectedButNotReady();
};

void TestDatabaseSession::opensConnectsDiscoversAndChecksAccess()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("session"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    const DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QVERIFY(session.isConnected());
    QVERIFY(!session.needsChoice());
    QVERIFY(session.errorText().isEmpty());
    QCOMPARE(session.schema().userTable.name, db.userTable());
    QCOMPARE(session.schema().profileTable.name, db.profileTable());
    QCOMPARE(session.schema().linkColumn, db.linkColumn());
    QCOMPARE(&session.engine(), &DatabaseEngine::of(session.database()));
    QCOMPARE(session.engine().kind(),
             db.isPostgres() ? DatabaseUrl::Kind::PostgreSQL : DatabaseUrl::Kind::SQLite);
    QVERIFY2(session.writeAccess().canCreate(), qPrintable(session.writeAccess().createProblem()));
    QVERIFY2(session.writeAccess().canEdit(), qPrintable(session.writeAccess().editProblem()));
}

void TestDatabaseSession::readOnlySessionSaysWhyItCannotWrite()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("sessionro"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    const DatabaseSession session(urlOf(db), {QStringLiteral("test"), Connection::Mode::ReadOnly});
    QVERIFY2(session.isReady(), qPrintable(session.errorText()));
    QVERIFY(!session.writeAccess().canCreate());
    QVERIFY(!session.writeAccess().canEdit());
    QCOMPARE(session.writeAccess().createProblem(), QStringLiteral("the database was opened read-only"));
}

void TestDatabaseSession::takesOverADiscoveryMadeElsewhere()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("sessionprobe"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));

    DiscoveryResult probed;
    {
        const DatabaseSession probe(urlOf(db), {QStringLiteral("probe")});
        QVERIFY2(probe.isReady(), qPrintable(probe.errorText()));
        probed = probe.discovery();
    }
    // The window takes over the probe's discovery on its own connection and checks write access there.
    const DatabaseSession window(urlOf(db), probed, {QStringLiteral("gui")});
    QVERIFY2(window.isReady(), qPrintable(window.errorText()));
    QCOMPARE(window.schema().profileTable, probed.schema.profileTable);
    QCOMPARE(window.schema().profileColumns.size(), probed.schema.profileColumns.size());
    QVERIFY(window.writeAccess().canCreate());

    // A discovery that found nothing usable leaves the session connected but not ready, with its message.
    DiscoveryResult failed;
    failed.status = DiscoveryResult::Status::NotDjango;
    failed.message = QStringLiteral("found nothing");
    const DatabaseSession notReady(urlOf(db), failed, {QStringLiteral("gui")});
    QVERIFY(notReady.isConnected());
    QVERIFY(!notReady.isReady());
    QCOMPARE(notReady.errorText(), QStringLiteral("found nothing"));
}

void TestDatabaseSession::choosesAmongSeveralProfileTables()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("sessionchoice"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE shop_customerprofile (id integer PRIMARY KEY, "
                                    "customer_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));

    DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY(session.isConnected());
    QVERIFY(!session.isReady());
    QVERIFY(session.needsChoice());
    QVERIFY2(session.errorText().contains(QLatin1String("Several tables")), qPrintable(session.errorText()));
    const QList<ProfileLink> candidates = session.discovery().candidates;
    QCOMPARE(candidates.size(), 2);
    QCOMPARE(candidates.at(1).display(), QStringLiteral("shop_customerprofile.customer_id"));

    QVERIFY2(session.choose(candidates.at(1)), qPrintable(session.errorText()));
    QVERIFY(session.isReady());
    QVERIFY(!session.needsChoice());
    QCOMPARE(session.schema().profileTable.name, QStringLiteral("shop_customerprofile"));
    QCOMPARE(session.schema().linkColumn, QStringLiteral("customer_id"));
    QVERIFY(session.writeAccess().canCreate());

    // A table dropped since the choice was offered is said to be gone, not taken.
    QVERIFY2(db.exec(QStringLiteral("DROP TABLE shop_customerprofile"), &error), qPrintable(error));
    QVERIFY(!session.choose(candidates.at(1)));
    QVERIFY2(session.errorText().contains(QLatin1String("shop_customerprofile")),
             qPrintable(session.errorText()));
}

void TestDatabaseSession::aFileThatIsNoDatabaseIsNotConnected()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.sqlite3"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are notes, not a database\n");
    file.close();
    QString error;
    const DatabaseSession session(DatabaseUrl::parse(path, &error), {QStringLiteral("test")});
    QVERIFY(!session.isConnected());
    QVERIFY(!session.isReady());
    QVERIFY(!session.needsChoice());
    QVERIFY2(session.errorText().contains(QLatin1String("is not an SQLite database")),
             qPrintable(session.errorText()));
}

void TestDatabaseSession::aDatabaseThatIsNotDjangoIsConnectedButNotReady()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("sessionplain"));
    QString error;
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE notes (id integer PRIMARY KEY, body text)"), &error),
             qPrintable(error));
    const DatabaseSession session(urlOf(db), {QStringLiteral("test")});
    QVERIFY(session.isConnected());
    QVERIFY(!session.isReady());
    QVERIFY2(session.errorText().contains(QLatin1String("does not look like a Django database")),
             qPrintable(session.errorText()));
}

QTEST_GUILESS_MAIN(TestDatabaseSession)
#include "tst_databasesession.moc"
