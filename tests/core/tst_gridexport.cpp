// GridExport on databases made by the real Django site, on SQLite and PostgreSQL: 2,600 users and their
// profiles with awkward values (commas, quotes, newlines, unicode, NULLs) exported to CSV, parsed back by a
// strict RFC 4180 reader and compared with the database; filters, search, sort and selected rows come along;
// a cancelled export writes no file and leaves an existing one as it was.
#include "Connection.h"
#include "CoreTest.h"
#include "CsvReader.h"
#include "DatabaseSession.h"
#include "GridExport.h"
#include "ProfilesQuery.h"
#include "TestDatabase.h"
#include "UsersQuery.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <memory>

namespace {

using CsvReader::Record;

QList<Record> readCsv(const QString &path, QString *error)
{
    return CsvReader::read(path, error);
}

// The rows of `sql` as the export words them, read by a statement of the test's own, prepared as the
// export's is (MariaDB's driver reads microseconds to the millisecond differently without one).
QList<Record> selectRows(const QSqlDatabase &db, const QString &sql, const QList<ColumnFamily> &families,
                         QString *error)
{
    QList<Record> rows;
    QSqlQuery q(db);
    if (!q.prepare(sql) || !q.exec()) {
        *error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        Record row;
        for (int column = 0; column < families.size(); ++column)
            row << GridExport::csvText(q.value(column), families.at(column));
        rows << row;
    }
    return rows;
}

struct Fixture
{
    std::unique_ptr<DatabaseSession> session;
    QTemporaryDir folder;
};

// 2,600 users, half with a profile, names and profile texts made awkward through bound values.
bool prepare(const TestDatabase &db, Fixture *fixture, QString *error)
{
    if (!db.migrate(error) || !db.seed(2600, 1300, error))
        return false;
    const DatabaseUrl url = CoreTest::urlOf(db);
    fixture->session = std::make_unique<DatabaseSession>(url, SessionOptions{QStringLiteral("export")});
    if (!fixture->session->isReady()) {
        *error = fixture->session->errorText();
        return false;
    }
    const QStringList awkward = {QStringLiteral("Smith, John"), QStringLiteral("say \"hi\""),
                                 QStringLiteral("two\nlines"),  QStringLiteral("crlf\r\nend"),
                                 QStringLiteral("Zoë 日本 🎉"),  QStringLiteral(""),
                                 QStringLiteral("'quoted'")};
    QSqlDatabase sql = fixture->session->database();
    QSqlQuery q(sql);
    sql.transaction();
    q.prepare(
        QStringLiteral("UPDATE %1 SET first_name = ?, last_name = ? WHERE id % 7 = ?").arg(db.userTable()));
    for (int i = 0; i < 7; ++i) {
        q.addBindValue(awkward.at(i));
        q.addBindValue(awkward.at((i + 3) % 7));
        q.addBindValue(i);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    q.prepare(
        QStringLiteral("UPDATE %1 SET %2 = ? WHERE id % 5 = ?").arg(db.profileTable(), db.textColumn()));
    for (int i = 0; i < 5; ++i) {
        q.addBindValue(awkward.at(i + 1));
        q.addBindValue(i);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    if (!q.exec(QStringLiteral("UPDATE %1 SET %2 = NULL WHERE id % 3 = 0")
                    .arg(db.profileTable(), db.dateColumn()))) {
        *error = q.lastError().text();
        return false;
    }
    return sql.commit();
}

QString userColumns(const UsersQuery &query)
{
    QStringList names;
    for (const ColumnInfo &column : query.columns())
        names << column.name;
    return names.join(QStringLiteral(", "));
}

} // namespace

class TestGridExport : public QObject
{
    Q_OBJECT

private slots:
    void exportsEveryUserAndProfile_data() { TestDatabase::addEngineVariantData(); }
    void exportsEveryUserAndProfile();
    void exportsWhatTheFilterSortAndSelectionShow_data() { TestDatabase::addEngineData(); }
    void exportsWhatTheFilterSortAndSelectionShow();
    void cancelledExportWritesNoFile_data() { TestDatabase::addEngineData(); }
    void cancelledExportWritesNoFile();
};

void TestGridExport::exportsEveryUserAndProfile()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("export"));
    Fixture f;
    QString error;
    QVERIFY2(prepare(db, &f, &error), qPrintable(error));
    const DatabaseEngine &dialect = f.session->connection().engine();
    const ProfileSchema &schema = f.session->schema();
    const std::atomic<bool> cancelled(false);

    // Users, every one, in the view's first order (by key), with a header row.
    const UsersQuery users(schema, dialect);
    const GridExport::Source usersSource = GridExport::ofUsers(users);
    const QString usersFile = f.folder.filePath(QStringLiteral("users.csv"));
    QList<qint64> reports;
    GridExport::Result result = GridExport::write(f.session->database(), usersSource, {}, usersFile,
                                                  cancelled, [&](qint64 written) { reports << written; });
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, 2600);
    // After every batch, then once at the end.
    QCOMPARE(reports.size(), 3);
    QCOMPARE(reports.last(), 2600);
    QList<Record> csv = readCsv(usersFile, &error);
    QVERIFY2(!csv.isEmpty(), qPrintable(error));
    QCOMPARE(csv.takeFirst(), usersSource.headers);
    QVERIFY(!usersSource.headers.contains(QStringLiteral("password")));
    const QList<Record> userRows =
        selectRows(f.session->database(),
                   QStringLiteral("SELECT %1 FROM %2 ORDER BY id").arg(userColumns(users), db.userTable()),
                   usersSource.families, &error);
    QCOMPARE(userRows.size(), 2600);
    QCOMPARE(csv, userRows);
    // The awkward texts made it through exactly, and empty text is not NULL.
    const int firstName = int(usersSource.headers.indexOf(QStringLiteral("first_name")));
    QCOMPARE(csv.at(1).at(firstName), QStringLiteral("two\nlines"));  // id 2
    QCOMPARE(csv.at(2).at(firstName), QStringLiteral("crlf\r\nend")); // id 3
    QCOMPARE(csv.at(4).at(firstName), QStringLiteral(""));            // id 5
    QVERIFY(!csv.at(4).at(firstName).isNull());

    // Profiles, every one, with the owner's name beside the link column.
    const ProfilesQuery profiles(schema, dialect);
    const GridExport::Source profilesSource = GridExport::ofProfiles(profiles);
    const QString profilesFile = f.folder.filePath(QStringLiteral("profiles.csv"));
    GridExport::Options noHeader;
    noHeader.headerRow = false;
    result = GridExport::write(f.session->database(), profilesSource, noHeader, profilesFile, cancelled,
                               [](qint64) {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, 1300);
    csv = readCsv(profilesFile, &error);
    QVERIFY2(!csv.isEmpty(), qPrintable(error));
    QStringList columns;
    for (const ProfilesQuery::Column &column : profiles.columns())
        columns << (column.owner ? QStringLiteral("u.") : QStringLiteral("p.")) + column.name;
    const QList<Record> profileRows = selectRows(
        f.session->database(),
        QStringLiteral("SELECT %1 FROM %2 p LEFT JOIN %3 u ON u.id = p.%4 ORDER BY p.id")
            .arg(columns.join(QStringLiteral(", ")), db.profileTable(), db.userTable(), db.linkColumn()),
        profilesSource.families, &error);
    QCOMPARE(profileRows.size(), 1300);
    QCOMPARE(csv, profileRows);
    // NULL dates are empty fields.
    const int date = int(profilesSource.headers.indexOf(db.dateColumn()));
    QVERIFY(std::any_of(csv.begin(), csv.end(), [date](const Record &row) { return row.at(date).isNull(); }));
}

void TestGridExport::exportsWhatTheFilterSortAndSelectionShow()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("export_filter"));
    Fixture f;
    QString error;
    QVERIFY2(prepare(db, &f, &error), qPrintable(error));
    const DatabaseEngine &dialect = f.session->connection().engine();
    const std::atomic<bool> cancelled(false);
    UsersQuery users(f.session->schema(), dialect);
    const QString file = f.folder.filePath(QStringLiteral("filtered.csv"));

    // Users without a profile whose names contain "USER001", newest username first.
    users.setOnlyMissing(true);
    users.setSearchText(QStringLiteral("USER001"));
    users.setSort(int(GridExport::ofUsers(users).headers.indexOf(QStringLiteral("username"))), true);
    GridExport::Source source = GridExport::ofUsers(users);
    GridExport::Result result =
        GridExport::write(f.session->database(), source, {}, file, cancelled, [](qint64) {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QList<Record> csv = readCsv(file, &error);
    QVERIFY2(!csv.isEmpty(), qPrintable(error));
    csv.removeFirst();
    const QList<Record> expected = selectRows(
        f.session->database(),
        QStringLiteral("SELECT %1 FROM auth_user u WHERE u.username LIKE 'user001%' AND NOT EXISTS "
                       "(SELECT 1 FROM account_profile p WHERE p.user_id = u.id) ORDER BY u.username DESC")
            .arg(userColumns(users)),
        source.families, &error);
    // user00100 ... user00199, those without a profile.
    QVERIFY2(expected.size() > 20 && expected.size() < 100, qPrintable(QString::number(expected.size())));
    QCOMPARE(csv, expected);
    QCOMPARE(result.rows, expected.size());

    // Only the selected rows of that list: positions 0-1, 10-12 and the last one.
    const qint64 last = expected.size() - 1;
    GridExport::Options selected;
    selected.headerRow = false;
    selected.rows = {{0, 1}, {10, 12}, {last, last}};
    QCOMPARE(GridExport::rowsIn(selected.rows), 6);
    result = GridExport::write(f.session->database(), source, selected, file, cancelled, [](qint64) {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, 6);
    csv = readCsv(file, &error);
    QCOMPARE(csv, (QList<Record>{expected.at(0), expected.at(1), expected.at(10), expected.at(11),
                                 expected.at(12), expected.at(last)}));
}

void TestGridExport::cancelledExportWritesNoFile()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("export_cancel"));
    Fixture f;
    QString error;
    QVERIFY2(prepare(db, &f, &error), qPrintable(error));
    const GridExport::Source source =
        GridExport::ofUsers(UsersQuery(f.session->schema(), f.session->connection().engine()));
    std::atomic<bool> cancelled(false);
    const auto cancelAtFirstBatch = [&](qint64) {
        cancelled.store(true);
    };

    // A new file: none appears, and nothing is left in the folder.
    const QString fresh = f.folder.filePath(QStringLiteral("fresh.csv"));
    GridExport::Result result =
        GridExport::write(f.session->database(), source, {}, fresh, cancelled, cancelAtFirstBatch);
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok());
    QVERIFY(!QFile::exists(fresh));
    QCOMPARE(QDir(f.folder.path()).entryList(QDir::Files), QStringList());

    // An existing file keeps its bytes.
    const QString existing = f.folder.filePath(QStringLiteral("existing.csv"));
    QFile old(existing);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("kept\r\n");
    old.close();
    cancelled.store(false);
    result = GridExport::write(f.session->database(), source, {}, existing, cancelled, cancelAtFirstBatch);
    QVERIFY(result.cancelled);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("kept\r\n"));
    QCOMPARE(QDir(f.folder.path()).entryList(QDir::Files), QStringList{QStringLiteral("existing.csv")});

    // A folder that cannot take the file is an error in words, with no file.
    result =
        GridExport::write(f.session->database(), source, {},
                          f.folder.filePath(QStringLiteral("no/such/folder.csv")), cancelled, [](qint64) {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(QLatin1String("Could not write")), qPrintable(result.error));
}

QTEST_MAIN(TestGridExport)
#include "tst_gridexport.moc"
