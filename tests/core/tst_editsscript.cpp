// "Save edits as SQL" on databases made by the real Django site, on SQLite, PostgreSQL and MariaDB: edits
// held in a ProfilesModel are written as a script, the script is run by the real client (psql -1 with
// ON_ERROR_STOP, the sqlite3 shell with -bail, the mariadb client reading it on its standard input), and the
// database then holds what a save of the same edits writes (checked on a twin database saved through the
// model); a profile changed meanwhile is not overwritten.
#include "Connection.h"
#include "CoreTest.h"
#include "DatabaseSession.h"
#include "EditsScript.h"
#include "ProfilesModel.h"
#include "SqlClient.h"
#include "TestDatabase.h"

#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

int columnOf(const ProfilesModel &model, const QString &name)
{
    for (int column = 0; column < model.columnCount(); ++column) {
        if (model.headerData(column, Qt::Horizontal).toString() == name)
            return column;
    }
    return -1;
}

// The same edits on any copy of the seeded database; the profile of row 4 is the one changed meanwhile.
bool makeEdits(ProfilesModel &model, const TestDatabase &db)
{
    const int text = columnOf(model, db.textColumn());
    const int date = columnOf(model, db.dateColumn());
    bool ok = text >= 0 && date >= 0 && model.rowCount() >= 5;
    ok = ok && model.setData(model.index(0, text), QStringLiteral("it's \\ \"q\",\n日本 🎉"));
    ok = ok && model.setData(model.index(1, date), QDate(1990, 1, 2));
    ok = ok && model.setData(model.index(2, date), QVariant());
    ok = ok && model.setData(model.index(3, date), QDate(2001, 2, 3));
    ok = ok && model.setData(model.index(4, text), QStringLiteral("from the script"));
    if (db.variant() == QLatin1String("custom")) {
        ok = ok && model.setData(model.index(0, columnOf(model, QStringLiteral("newsletter"))), Qt::Checked,
                                 Qt::CheckStateRole);
        ok = ok && model.setData(model.index(1, columnOf(model, QStringLiteral("karma"))), -42);
        ok = ok && model.setData(model.index(1, columnOf(model, QStringLiteral("bio"))),
                                 QStringLiteral("two\nlines, 'quoted' \\n"));
        ok = ok && model.setData(model.index(2, columnOf(model, QStringLiteral("preferences"))),
                                 QStringLiteral("{\"theme\": \"it's dark\", \"size\": 2}"));
        ok = ok && model.setData(model.index(3, columnOf(model, QStringLiteral("joined_at"))),
                                 QDateTime(QDate(2022, 3, 4), QTime(5, 6, 7, 891), Qt::UTC));
    }
    return ok;
}

struct Opened
{
    std::unique_ptr<DatabaseSession> session;
    std::unique_ptr<ProfilesModel> model;
};

bool open(const TestDatabase &db, Opened *opened, QString *error)
{
    if (!db.migrate(error) || !db.seed(12, 12, error))
        return false;
    // Django's auto_now_add wrote the time of seeding: the same instant in both twins, for comparing them.
    if (db.variant() == QLatin1String("custom") &&
        !db.exec(QStringLiteral("UPDATE members_memberprofile SET joined_at = (SELECT date_joined FROM "
                                "members_member WHERE members_member.id = owner_ref)"),
                 error))
        return false;
    const DatabaseUrl url = CoreTest::urlOf(db);
    opened->session = std::make_unique<DatabaseSession>(url, SessionOptions{QStringLiteral("gui")});
    if (!opened->session->isReady()) {
        *error = opened->session->errorText();
        return false;
    }
    opened->model =
        std::make_unique<ProfilesModel>(opened->session->database(), url, opened->session->schema());
    return true;
}

QJsonObject snapshotOf(const TestDatabase &db, QString *error)
{
    return QJsonDocument::fromJson(db.snapshot(error)).object();
}

} // namespace

class TestEditsScript : public QObject
{
    Q_OBJECT

private slots:
    void scriptWritesWhatTheSaveWrites_data() { TestDatabase::addEngineVariantData(); }
    void scriptWritesWhatTheSaveWrites();
};

void TestEditsScript::scriptWritesWhatTheSaveWrites()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(scripted, engine, variant, QStringLiteral("script"));
    PA_TEST_DATABASE(saved, engine, variant, QStringLiteral("script_twin"));
    QString error;
    Opened a;
    QVERIFY2(open(scripted, &a, &error), qPrintable(error));
    Opened b;
    QVERIFY2(open(saved, &b, &error), qPrintable(error));
    QVERIFY(makeEdits(*a.model, scripted));
    QVERIFY(makeEdits(*b.model, saved));

    // The script of the held edits.
    const QList<ProfileSaver::RowEdit> edits = a.model->pendingEdits();
    QCOMPARE(edits.size(), 5);
    QTemporaryDir folder;
    const QString file = folder.filePath(QStringLiteral("edits.sql"));
    const ProfilesQuery query(a.session->schema(), a.session->connection().engine());
    const EditsScript script(query, a.session->connection().engine());
    const QString database = a.session->url().toStorableString();
    QVERIFY2(script.save(file, edits, database, &error), qPrintable(error));
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(written.readAll());
    QVERIFY2(text.contains(QLatin1String("\nBEGIN;\n")) && text.endsWith(QLatin1String("COMMIT;\n")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("-- Profiles: 5")), qPrintable(text));
    QVERIFY2(text.contains(database), qPrintable(text));
    QCOMPARE(text.count(QLatin1String("UPDATE ")), 5);

    // Someone changes the profile of row 4 before the script runs.
    const QVariant changedKey = a.model->index(4, a.model->keyColumn()).data(ProfilesModel::ProfileKeyRole);
    QVERIFY2(scripted.exec(QStringLiteral("UPDATE %1 SET %2 = 'changed meanwhile' WHERE id = %3")
                               .arg(scripted.profileTable(), scripted.textColumn(), changedKey.toString()),
                           &error),
             qPrintable(error));

    QString output;
    QVERIFY2(runWithClient(scripted, file, &output), qPrintable(output));
    // The run says which profile it left as it was, and only that one.
    QStringList lines;
    for (const QString &line : output.split(QLatin1Char('\n')))
        lines << line.trimmed();
    QVERIFY2(lines.contains(changedKey.toString()), qPrintable(output));
    for (const ProfileSaver::RowEdit &edit : edits)
        QVERIFY2(edit.key == changedKey || !lines.contains(edit.key.toString()), qPrintable(output));
    QString message;
    QVERIFY2(b.model->save(&message), qPrintable(message));

    // Every other profile holds what the save wrote; the changed one keeps the change.
    QJsonObject afterScript = snapshotOf(scripted, &error);
    QJsonObject afterSave = snapshotOf(saved, &error);
    QVERIFY2(!afterScript.isEmpty() && !afterSave.isEmpty(), qPrintable(error));
    const QString changed = changedKey.toString();
    QCOMPARE(afterScript.value(changed).toObject().value(scripted.textColumn()).toString(),
             QStringLiteral("changed meanwhile"));
    QCOMPARE(afterSave.value(changed).toObject().value(saved.textColumn()).toString(),
             QStringLiteral("from the script"));
    afterScript.remove(changed);
    afterSave.remove(changed);
    QVERIFY2(afterScript == afterSave, QJsonDocument(afterScript).toJson().constData());
    QCOMPARE(afterScript.value(edits.at(1).key.toString())
                 .toObject()
                 .value(scripted.dateColumn())
                 .toString()
                 .left(10),
             QStringLiteral("1990-01-02"));
    const QJsonObject verdict = scripted.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

QTEST_MAIN(TestEditsScript)
#include "tst_editsscript.moc"
