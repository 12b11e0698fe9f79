// SQLite files in the states administrators meet. A database locked by another writer is
// waited for (busy timeout) and then reported; a read-only file or folder is opened read-only, with
// writing refused and explained before anything is tried; files that are not databases, missing files
// (never created by accident) and directories are refused in one sentence, and no file is ever changed.
#include "CliRun.h"
#include "Faults.h"
#include "TestDatabase.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// True while process `pid` sleeps in the kernel, which is what SQLite's busy handler does between retries.
bool sleepingInKernel(qint64 pid)
{
    QFile wchan(QStringLiteral("/proc/%1/wchan").arg(pid));
    if (wchan.open(QIODevice::ReadOnly) && wchan.readAll().contains("nanosleep"))
        return true;
    QFile syscall(QStringLiteral("/proc/%1/syscall").arg(pid));
    if (!syscall.open(QIODevice::ReadOnly))
        return false;
    const QByteArray number = syscall.readAll().split(' ').value(0);
#if defined(__x86_64__)
    return number == "35" || number == "230"; // nanosleep, clock_nanosleep
#elif defined(__aarch64__)
    return number == "101" || number == "115";
#else
    return false;
#endif
}

// `command` on `database`, with --yes for fix, which would refuse to write without it anyway.
QStringList commandLine(const QString &command, const QString &database)
{
    QStringList arguments{command, database};
    if (command == QLatin1String("fix"))
        arguments << QStringLiteral("--yes");
    return arguments;
}

// nobody:nogroup, the user profile-admin runs as when the test runs as root (root may write any file).
constexpr uid_t Nobody = 65534;
constexpr gid_t NoGroup = 65534;

} // namespace

class TestSqliteFaults : public QObject
{
    Q_OBJECT

private slots:
    void lockedByAnotherWriter_data();
    void lockedByAnotherWriter();
    void waitsForTheLock();
    void readOnly_data();
    void readOnly();
    void notADatabase_data();
    void notADatabase();
    void missingFileNeverCreated_data();
    void missingFileNeverCreated();
};

void TestSqliteFaults::lockedByAnotherWriter_data()
{
    QTest::addColumn<QString>("lock");
    QTest::addColumn<bool>("readersWait");
    // A writer in its transaction (RESERVED) still lets others read; one committing (EXCLUSIVE) does not.
    QTest::newRow("writer in a transaction") << "BEGIN IMMEDIATE" << false;
    QTest::newRow("writer committing") << "BEGIN EXCLUSIVE" << true;
}

void TestSqliteFaults::lockedByAnotherWriter()
{
    QFETCH(QString, lock);
    QFETCH(bool, readersWait);
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("locked"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(40, 10, &error), qPrintable(error));
    const QString snapshot = db.saveSnapshot(&error);
    QVERIFY2(!snapshot.isEmpty(), qPrintable(error));

    const QString holder = QStringLiteral("holder");
    {
        QSqlDatabase raw = Faults::openRaw(db, holder, &error);
        QVERIFY2(raw.isOpen(), qPrintable(error));
        QSqlQuery q(raw);
        QVERIFY2(q.exec(lock), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("UPDATE account_profile SET photo = 'held.jpg'")),
                 qPrintable(q.lastError().text()));
    }
    const QMap<QString, QString> shortWait{
        {QStringLiteral("PROFILE_ADMIN_BUSY_TIMEOUT_MS"), QStringLiteral("300")}};
    const CliRun::Result fix =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--yes")}, shortWait);
    const CliRun::Result check = CliRun::run({QStringLiteral("check"), db.url()}, shortWait);
    {
        QSqlQuery q(QSqlDatabase::database(holder));
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
    }
    Faults::closeRaw(holder);

    QVERIFY2(fix.exitCode == 2 && fix.isOneSentence(QStringLiteral("fix")), fix.describe());
    QVERIFY2(fix.err.contains("locked for the whole busy timeout of 0.3 s"), fix.describe());
    QVERIFY2(fix.err.contains("nothing was written") || fix.err.contains("Could not read"), fix.describe());
    if (readersWait) {
        QVERIFY2(check.exitCode == 2 && check.isOneSentence(QStringLiteral("check")), check.describe());
        QVERIFY2(check.err.contains(
                     "another program kept the database locked for the whole busy timeout of 0.3 s; "
                     "try again when it has finished writing."),
                 check.describe());
    } else {
        QVERIFY2(check.exitCode == 1 && check.out.contains("30 without a profile"), check.describe());
    }
    const QJsonObject verdict = db.verify(snapshot);
    QCOMPARE(verdict.value(u"missing").toInt(), 30);
    QCOMPARE(verdict.value(u"changed_count").toInt(), 0);
}

void TestSqliteFaults::waitsForTheLock()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("wait"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(40, 10, &error), qPrintable(error));
    const QString holder = QStringLiteral("holder");
    {
        QSqlDatabase raw = Faults::openRaw(db, holder, &error);
        QVERIFY2(raw.isOpen(), qPrintable(error));
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
    }
    // With the default busy timeout (10 s), fix sleeps in SQLite's busy handler until the other writer is
    // done, then does its work.
    CliRun fix({QStringLiteral("fix"), db.url(), QStringLiteral("--yes"), QStringLiteral("--json")});
    fix.start();
    const bool slept =
        Faults::waitFor([&] { return sleepingInKernel(fix.processId()) || !fix.isRunning(); }, 60000);
    {
        QSqlQuery q(QSqlDatabase::database(holder));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
    }
    Faults::closeRaw(holder);
    const CliRun::Result run = fix.wait();
    QVERIFY(slept);
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(run.json().value(u"created").toInt(), 30);
}

void TestSqliteFaults::readOnly_data()
{
    QTest::addColumn<bool>("folderOnly");
    QTest::addColumn<QString>("expected");
    QTest::newRow("read-only file") << false << "the file @file@ is read-only for this user";
    QTest::newRow("read-only folder")
        << true
        << "the folder @dir@ is read-only for this user, so SQLite cannot create the "
           "journal it writes through";
}

void TestSqliteFaults::readOnly()
{
    QFETCH(bool, folderOnly);
    QFETCH(QString, expected);
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("readonly"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(40, 10, &error), qPrintable(error));

    // The database in a folder of its own, so that its permissions can be set.
    QTemporaryDir place;
    QVERIFY(place.isValid());
    const QString dir = place.filePath(QStringLiteral("site"));
    const QString file = dir + QStringLiteral("/db.sqlite3");
    QVERIFY(QDir().mkdir(dir));
    QVERIFY(QFile::copy(db.databaseName(), file));
    const bool root = geteuid() == 0;
    QByteArray binary;
    if (root) {
        // Root writes whatever it likes: run profile-admin as nobody, from a copy nobody can reach, with the
        // file or only the folder owned by root.
        binary = place.filePath(QStringLiteral("profile-admin")).toUtf8();
        QVERIFY(QFile::copy(CliRun::binary(), QString::fromUtf8(binary)));
        QVERIFY(::chmod(binary.constData(), 0755) == 0);
        QVERIFY(::chmod(place.path().toUtf8().constData(), 0755) == 0);
        QVERIFY(::chmod(dir.toUtf8().constData(), 0755) == 0);
        if (folderOnly)
            QVERIFY(::chown(file.toUtf8().constData(), Nobody, NoGroup) == 0);
        else
            QVERIFY(::chown(dir.toUtf8().constData(), Nobody, NoGroup) == 0);
        QVERIFY(::chmod(file.toUtf8().constData(), 0644) == 0);
    } else {
        QVERIFY(::chmod((folderOnly ? dir : file).toUtf8().constData(), folderOnly ? 0555 : 0444) == 0);
    }
    expected.replace(QLatin1String("@file@"), file).replace(QLatin1String("@dir@"), dir);
    const QByteArray before = fileHash(file);
    const auto run = [&](const QStringList &arguments) {
        CliRun process(arguments);
        if (root) {
            process.setUser(Nobody, NoGroup);
            process.setBinary(QString::fromUtf8(binary));
        }
        process.start();
        return process.wait();
    };

    const CliRun::Result check = run({QStringLiteral("check"), file, QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 1, check.describe());
    QCOMPARE(check.json().value(u"missing").toInt(), 30);
    const CliRun::Result dryRun = run({QStringLiteral("fix"), file, QStringLiteral("--dry-run")});
    QVERIFY2(dryRun.exitCode == 0 && dryRun.out.contains("Would create 30 profiles"), dryRun.describe());
    const CliRun::Result fix = run({QStringLiteral("fix"), file, QStringLiteral("--yes")});
    QVERIFY2(fix.exitCode == 2 && fix.isOneSentence(QStringLiteral("fix")), fix.describe());
    const QByteArray refusal =
        "Cannot create profiles in account_profile: " + expected.toUtf8() + "; nothing was written.";
    QVERIFY2(fix.err.contains(refusal), fix.describe());

    QCOMPARE(fileHash(file), before);
    QCOMPARE(filesIn(dir), QStringList{QStringLiteral("db.sqlite3")}); // no journal left behind either
    if (!root)
        QVERIFY(::chmod(dir.toUtf8().constData(), 0755) == 0); // so that QTemporaryDir can clean up
}

void TestSqliteFaults::notADatabase_data()
{
    QTest::addColumn<QByteArray>("content"); // "@django@" for the first 3 pages of a real Django database
    QTest::addColumn<QString>("expected");
    QTest::newRow("text file") << QByteArray("name,email\nann,ann@example.com\n")
                               << "is not an SQLite database (its header is wrong).";
    QTest::newRow("empty file") << QByteArray() << "is an empty file, not an SQLite database.";
    QTest::newRow("header then garbage") << QByteArray("SQLite format 3\0", 16) + QByteArray(4080, 'x')
                                         << "; it is not an SQLite database, or it is damaged.";
    QTest::newRow("truncated database")
        << QByteArray("@django@") << "; it is not an SQLite database, or it is damaged.";
    QTest::newRow("empty database") << QByteArray("@empty@") << "does not look like a Django database";
}

void TestSqliteFaults::notADatabase()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("site.db"));
    if (content == "@django@") {
        PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("classic"),
                         QStringLiteral("truncated"));
        QString error;
        QVERIFY2(db.migrate(&error), qPrintable(error));
        QFile real(db.databaseName());
        QVERIFY(real.open(QIODevice::ReadOnly));
        content = real.read(3 * 4096);
        QVERIFY(real.size() > content.size());
    } else if (content == "@empty@") {
        {
            QSqlDatabase empty =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("empty"));
            empty.setDatabaseName(path);
            QVERIFY(empty.open());
            QSqlQuery q(empty);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (id integer PRIMARY KEY, body text)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("empty"));
    }
    if (!content.startsWith('@') && content != "@empty@") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const QByteArray before = fileHash(path);
    for (const QString &command :
         {QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema")}) {
        const CliRun::Result run = CliRun::run(commandLine(command, path));
        QVERIFY2(run.exitCode == 2 && run.isOneSentence(command), run.describe());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
    }
    QCOMPARE(fileHash(path), before);
    QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("site.db")});
}

void TestSqliteFaults::missingFileNeverCreated_data()
{
    QTest::addColumn<QString>("database"); // @dir@ is a temporary folder, @rel@ the same relative to the cwd
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("mustNotExist");
    QTest::newRow("plain path") << "@dir@/typo.sqlite3"
                                << "The SQLite file \"@dir@/typo.sqlite3\" does not exist; check the path "
                                   "(profile-admin never creates an empty database)."
                                << "@dir@/typo.sqlite3";
    QTest::newRow("sqlite:////absolute") << "sqlite:///@dir@/typo.db"
                                         << "does not exist"
                                         << "@dir@/typo.db";
    QTest::newRow("sqlite:///relative") << "sqlite:///@rel@/typo.db"
                                        << "does not exist"
                                        << "@dir@/typo.db";
    QTest::newRow("missing folder") << "@dir@/nowhere/site.db"
                                    << "does not exist"
                                    << "@dir@/nowhere";
    QTest::newRow("directory") << "@dir@"
                               << "\"@dir@\" is a directory, not an SQLite database file."
                               << "";
    QTest::newRow("directory URL") << "sqlite:///@dir@"
                                   << "\"@dir@\" is a directory, not an SQLite database file."
                                   << "";
}

void TestSqliteFaults::missingFileNeverCreated()
{
    QFETCH(QString, database);
    QFETCH(QString, expected);
    QFETCH(QString, mustNotExist);
    QTemporaryDir dir;
    const QString relative = QDir::current().relativeFilePath(dir.path());
    for (QString *text : {&database, &expected, &mustNotExist})
        text->replace(QLatin1String("@dir@"), dir.path()).replace(QLatin1String("@rel@"), relative);
    for (const QString &command :
         {QStringLiteral("check"), QStringLiteral("fix"), QStringLiteral("schema")}) {
        const CliRun::Result run = CliRun::run(commandLine(command, database));
        QVERIFY2(run.exitCode == 2 && run.isOneSentence(command), run.describe());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe());
        QVERIFY2(run.out.isEmpty(), run.describe());
    }
    if (!mustNotExist.isEmpty())
        QVERIFY(!QFileInfo::exists(mustNotExist));
    QCOMPARE(filesIn(dir.path()), QStringList());
}

QTEST_GUILESS_MAIN(TestSqliteFaults)
#include "tst_sqlitefaults.moc"
