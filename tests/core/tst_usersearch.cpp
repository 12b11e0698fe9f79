// The Users view's search in two phases, on databases made by the real Django site: the usernames that
// start with the text come first, read through Django's username index (the plans say so on every engine),
// then the whole search replaces them; an older search's answers never show.
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "TestDatabase.h"
#include "UsersModel.h"
#include "UsersQuery.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

constexpr int Users = 300;

std::unique_ptr<DatabaseSession> openSession(const TestDatabase &db, QString *error)
{
    auto session = std::make_unique<DatabaseSession>(DatabaseUrl::parse(db.url(), error),
                                                     SessionOptions{QStringLiteral("gui")});
    if (!session->isReady()) {
        *error = session->errorText();
        return nullptr;
    }
    return session;
}

int columnNamed(const QAbstractItemModel &model, const QString &name)
{
    for (int column = 0; column < model.columnCount(); ++column) {
        if (model.headerData(column, Qt::Horizontal).toString() == name)
            return column;
    }
    return -1;
}

// The usernames the model shows now, in view order (a row still loading shows an empty name).
QStringList shownUsernames(const UsersModel &model)
{
    QStringList names;
    const int column = columnNamed(model, QStringLiteral("username"));
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.data(model.index(row, column)).toString();
    return names;
}

// Every user as the database holds them, in key order: username, email, first and last name.
QList<QStringList> storedUsers(const DatabaseSession &session, QString *error)
{
    const DatabaseEngine &engine = session.engine();
    QStringList columns;
    for (const char *name : {"username", "email", "first_name", "last_name"})
        columns << engine.quoteIdentifier(QLatin1String(name));
    QSqlQuery q(session.connection().database());
    QList<QStringList> users;
    if (!q.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
                    .arg(columns.join(QStringLiteral(", ")), engine.quoteTable(session.schema().userTable),
                         engine.quoteIdentifier(session.schema().userKey)))) {
        *error = q.lastError().text();
        return users;
    }
    while (q.next())
        users.append(
            {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    return users;
}

// The usernames, in key order, that start with `text` as typed or lowered (ignoring case where the
// engine's collation does, as MariaDB's does).
QStringList startingWith(const QList<QStringList> &users, const QString &text, bool ignoringCase)
{
    QStringList names;
    for (const QStringList &user : users) {
        const QString &name = user.first();
        if (name.startsWith(text, ignoringCase ? Qt::CaseInsensitive : Qt::CaseSensitive) ||
            name.startsWith(text.toLower()))
            names << name;
    }
    return names;
}

// The usernames, in key order, of users with `text` in any searched column, whatever the case.
QStringList containing(const QList<QStringList> &users, const QString &text)
{
    QStringList names;
    for (const QStringList &user : users) {
        if (std::any_of(user.begin(), user.end(),
                        [&](const QString &value) { return value.contains(text, Qt::CaseInsensitive); }))
            names << user.first();
    }
    return names;
}

// What a search showed, phase by phase.
struct SearchSeen
{
    QStringList prefixRows; // at the moment the prefix phase's rows appeared
    bool prefixShown = false;
    bool totalKnownBeforePrefix = false;
    QStringList everyRowSeen; // every username any rowsLoaded() showed
};

// The plan's index use, read from the engine's own EXPLAIN of the prefix statement with its values bound.
struct IndexUse
{
    bool usernameRange = false;  // some step reads a range of the username's index
    bool wholeUserTable = false; // some step reads every user
    QString plan;                // for the failure message
};

void walkPostgresPlan(const QJsonObject &node, IndexUse *use)
{
    const QString type = node.value(QStringLiteral("Node Type")).toString();
    const QString index = node.value(QStringLiteral("Index Name")).toString();
    const QString relation = node.value(QStringLiteral("Relation Name")).toString();
    use->plan += type + (index.isEmpty() ? QString() : QStringLiteral(" using ") + index) +
                 (relation.isEmpty() ? QString() : QStringLiteral(" on ") + relation) + QStringLiteral("; ");
    // Django names the varchar_pattern_ops index <table>_username_<hash>_like; the range is its condition.
    if (index.contains(QLatin1String("_username_")) && index.endsWith(QLatin1String("_like")) &&
        node.value(QStringLiteral("Index Cond")).toString().contains(QLatin1String("~>=~")))
        use->usernameRange = true;
    // A scan that tests every username. (The page's rows are then read by key, which on a table this small
    // the planner may do with a scan: tst_unanalysedplans judges that part.)
    if (type == QLatin1String("Seq Scan") && relation == QLatin1String("auth_user") &&
        node.value(QStringLiteral("Filter")).toString().contains(QLatin1String("username")))
        use->wholeUserTable = true;
    for (const QJsonValue child : node.value(QStringLiteral("Plans")).toArray())
        walkPostgresPlan(child.toObject(), use);
}

// PostgreSQL: the generic plan, which knows none of the values, as a prepared statement may get it; the
// statement's :name placeholders become $n and their values the EXECUTE's literals.
bool explainPostgres(QSqlDatabase db, const UsersQuery &query, IndexUse *use, QString *error)
{
    static const QRegularExpression placeholder(QStringLiteral("(?<![:\\w]):([A-Za-z_]\\w*)"));
    QVariantMap values = query.prefixValues();
    values.insert(QStringLiteral(":limit"), UsersModel::BlockRows);
    const QString statement = query.prefixStatement();
    QStringList names;
    QString sql;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(statement); it.hasNext();) {
        const auto match = it.next();
        if (!names.contains(match.captured(0)))
            names << match.captured(0);
        sql += statement.mid(last, match.capturedStart() - last) +
               QStringLiteral("$%1").arg(names.indexOf(match.captured(0)) + 1);
        last = match.capturedEnd();
    }
    sql += statement.mid(last);
    QStringList arguments;
    for (const QString &name : std::as_const(names))
        arguments << DatabaseEngine::of(db).sqlLiteral(values.value(name), ColumnFamily::Other);
    QSqlQuery q(db);
    const bool ok = q.exec(QStringLiteral("BEGIN")) &&
                    q.exec(QStringLiteral("SET LOCAL plan_cache_mode = force_generic_plan")) &&
                    q.exec(QStringLiteral("PREPARE prefix_phase AS ") + sql) &&
                    q.exec(QStringLiteral("EXPLAIN (FORMAT JSON) EXECUTE prefix_phase(%1)")
                               .arg(arguments.join(QStringLiteral(", ")))) &&
                    q.next();
    if (!ok)
        *error = q.lastError().text() + QStringLiteral(" in ") + sql;
    else
        walkPostgresPlan(QJsonDocument::fromJson(q.value(0).toString().toUtf8())
                             .array()
                             .first()
                             .toObject()
                             .value(QStringLiteral("Plan"))
                             .toObject(),
                         use);
    q.finish();
    QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    QSqlQuery(db).exec(QStringLiteral("DEALLOCATE prefix_phase"));
    return ok;
}

// Runs `explain` in front of the prefix statement, bound as the model binds it.
bool runExplain(QSqlQuery &q, const QString &explain, const UsersQuery &query, QString *error)
{
    if (!q.prepare(explain + query.prefixStatement())) {
        *error = q.lastError().text();
        return false;
    }
    query.bindPrefix(q);
    q.bindValue(QStringLiteral(":limit"), UsersModel::BlockRows);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

// SQLite: EXPLAIN QUERY PLAN's detail lines, "SEARCH u USING INDEX ... (username>? AND username<?)".
bool explainSqlite(QSqlDatabase db, const UsersQuery &query, IndexUse *use, QString *error)
{
    QSqlQuery q(db);
    if (!runExplain(q, QStringLiteral("EXPLAIN QUERY PLAN "), query, error))
        return false;
    while (q.next()) {
        const QString detail = q.value(3).toString();
        use->plan += detail + QStringLiteral("; ");
        if (detail.startsWith(QLatin1String("SEARCH u USING")) &&
            detail.contains(QLatin1String("(username>? AND username<?)")))
            use->usernameRange = true;
        if (detail.startsWith(QLatin1String("SCAN u")))
            use->wholeUserTable = true;
    }
    return true;
}

// MariaDB: EXPLAIN's rows: a range of the username's unique key, no full scan of the user table.
bool explainMariadb(QSqlDatabase db, const UsersQuery &query, IndexUse *use, QString *error)
{
    QSqlQuery q(db);
    if (!runExplain(q, QStringLiteral("EXPLAIN "), query, error))
        return false;
    while (q.next()) {
        const QString table = q.value(2).toString();
        const QString type = q.value(3).toString();
        const QString key = q.value(5).toString();
        use->plan += QStringLiteral("%1 %2 %3; ").arg(table, type, key);
        if (table == QLatin1String("u") && type == QLatin1String("range") && key == QLatin1String("username"))
            use->usernameRange = true;
        if (table == QLatin1String("u") && type == QLatin1String("ALL"))
            use->wholeUserTable = true;
    }
    return true;
}

} // namespace

class TestUserSearch : public QObject
{
    Q_OBJECT

private slots:
    void upperBoundOfAPrefix();
    void prefixPhaseReadsTheUsernameIndex_data() { TestDatabase::addEngineData(); }
    void prefixPhaseReadsTheUsernameIndex();
    void prefixRowsComeFirstThenTheWholeSearch_data() { TestDatabase::addEngineData(); }
    void prefixRowsComeFirstThenTheWholeSearch();
};

void TestUserSearch::upperBoundOfAPrefix()
{
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("alice")), QStringLiteral("alicf"));
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("user_")), QStringLiteral("user`"));
    QCOMPARE(DatabaseEngine::prefixUpperBound(QString()), QString());
    // A code point beyond UTF-16's single units, one next to the surrogates, and the very last one.
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("a\U0001F600")), QStringLiteral("a\U0001F601"));
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("a\uD7FF")), QStringLiteral("a\uE000"));
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("a\U0010FFFF")), QStringLiteral("b"));
    QCOMPARE(DatabaseEngine::prefixUpperBound(QStringLiteral("\U0010FFFF")), QString());
}

void TestUserSearch::prefixPhaseReadsTheUsernameIndex()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("prefixplan"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    if (db.isPostgres()) {
        // The cluster's collation is C, where the unique index could serve a prefix too; in any other only
        // Django's varchar_pattern_ops index can, so the column gets one (its indexes are rebuilt with it).
        QVERIFY2(db.exec(QStringLiteral("ALTER TABLE auth_user ALTER COLUMN username TYPE varchar(150) "
                                        "COLLATE \"en-x-icu\""),
                         &error),
                 qPrintable(error));
    }
    QVERIFY2(db.seed(Users, Users / 2, &error), qPrintable(error));
    const auto session = openSession(db, &error);
    QVERIFY2(session, qPrintable(error));
    QSqlDatabase connection = session->connection().database();

    // One range (a lower-case text), two (as typed and lowered).
    for (const QString &text : {QStringLiteral("user001"), QStringLiteral("User001")}) {
        UsersQuery query(session->schema(), session->engine());
        query.setSearchText(text);
        QVERIFY(query.hasPrefixPhase());
        // With another filter on, the range would not end after a block: the search runs alone.
        query.setOnlyMissing(true);
        QVERIFY(!query.hasPrefixPhase());
        query.setOnlyMissing(false);
        IndexUse use;
        const bool explained = db.isPostgres()  ? explainPostgres(connection, query, &use, &error)
                               : db.isMariadb() ? explainMariadb(connection, query, &use, &error)
                                                : explainSqlite(connection, query, &use, &error);
        QVERIFY2(explained, qPrintable(error));
        const QByteArray message = (text + QStringLiteral(": ") + use.plan).toUtf8();
        QVERIFY2(use.usernameRange, message.constData());
        QVERIFY2(!use.wholeUserTable, message.constData());
    }
}

void TestUserSearch::prefixRowsComeFirstThenTheWholeSearch()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("prefixrows"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(Users, Users / 2, &error), qPrintable(error));
    // LIKE's wildcards in usernames, and a user who has "user0012" only in a name.
    QVERIFY2(db.exec({QStringLiteral("UPDATE auth_user SET username = 'user_0019' WHERE id = 290"),
                      QStringLiteral("UPDATE auth_user SET username = 'pct%user' WHERE id = 291"),
                      QStringLiteral("UPDATE auth_user SET first_name = 'Auser0012x' WHERE id = 250")},
                     &error),
             qPrintable(error));
    const auto session = openSession(db, &error);
    QVERIFY2(session, qPrintable(error));
    const QList<QStringList> stored = storedUsers(*session, &error);
    QCOMPARE(stored.size(), Users);

    UsersModel model(session->connection().database(), session->url(), session->schema());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(model.isTotalKnown() && !model.isBusy());
    SearchSeen seen;
    connect(&model, &UsersModel::searchPhaseChanged, this, [&] {
        if (!model.isShowingPrefixMatches())
            return;
        seen.prefixShown = true;
        seen.prefixRows = shownUsernames(model);
        seen.totalKnownBeforePrefix = model.isTotalKnown();
    });
    connect(&model, &UsersModel::rowsLoaded, this, [&](int first, int last) {
        const QStringList names = shownUsernames(model);
        seen.everyRowSeen << names.mid(first, last - first + 1);
    });
    // MariaDB's username collation ignores case, so its index range does too.
    const bool ignoringCase = db.isMariadb();

    // Typed in upper case; wildcards that must match themselves; a text no username starts with.
    for (const QString &text : {QStringLiteral("USER0012"), QStringLiteral("user_0"), QStringLiteral("pct%"),
                                QStringLiteral("er0013"), QStringLiteral("user00")}) {
        seen = SearchSeen();
        model.setSearchText(text);
        QTRY_VERIFY(model.isTotalKnown() && !model.isBusy());
        const QStringList prefix = startingWith(stored, text, ignoringCase);
        const QStringList all = containing(stored, text);
        const QByteArray context = (text + QStringLiteral(": prefix ") + seen.prefixRows.join(u',') +
                                    QStringLiteral("; expected ") + prefix.join(u','))
                                       .toUtf8();
        QVERIFY2(seen.prefixShown, context.constData());
        QVERIFY2(!seen.totalKnownBeforePrefix, context.constData());
        // At most one block, in view order (by key): the first ones of the index's order when more match.
        if (prefix.size() <= UsersModel::BlockRows)
            QCOMPARE(seen.prefixRows, prefix);
        else
            QCOMPARE(seen.prefixRows.size(), UsersModel::BlockRows);
        for (const QString &name : std::as_const(seen.prefixRows))
            QVERIFY2(prefix.contains(name), context.constData());
        // Then the whole search, every casing and column, replaces them.
        QVERIFY(!model.isShowingPrefixMatches());
        QCOMPARE(qsizetype(model.matchCount()), all.size());
        QCOMPARE(shownUsernames(model).mid(0, UsersModel::BlockRows), all.mid(0, UsersModel::BlockRows));
    }

    // A search typed on before the last one answered: nothing of the older one shows.
    seen = SearchSeen();
    model.setSearchText(QStringLiteral("user0014"));
    model.setSearchText(QStringLiteral("user0015"));
    QTRY_VERIFY(model.isTotalKnown() && !model.isBusy());
    QVERIFY(seen.prefixShown);
    QVERIFY(!seen.everyRowSeen.isEmpty());
    for (const QString &name : std::as_const(seen.everyRowSeen))
        QVERIFY2(name.startsWith(QLatin1String("user0015")), qPrintable(name));
    QCOMPARE(shownUsernames(model), containing(stored, QStringLiteral("user0015")));
}

QTEST_GUILESS_MAIN(TestUserSearch)
#include "tst_usersearch.moc"
